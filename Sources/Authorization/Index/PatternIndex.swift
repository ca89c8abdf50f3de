/// Elements filed under resource patterns, found by a resource in one walk
/// down a byte trie, whatever their number: the resource type's code, then
/// the name's UTF-8 bytes. The walk visits the elements of the PREFIXED
/// patterns at each node it passes, LITERAL `*` being filed as the empty
/// prefix (every name starts with it), then those of the LITERAL pattern
/// where the name ends. Bytes, because Kafka compares names code unit by
/// code unit (see `String.isExactly`).
///
/// The trie is flat and path-compressed, so a walk touches few nodes: a
/// node exists where patterns end or names branch; the bytes between one
/// and the next are the next one's `label`. Node `i` has its children,
/// sorted by first byte, in `edges[nodes[i].edges]` and its elements in
/// ranges of `elements`.
struct PatternIndex<Element> {
    /// Every element, those of one pattern side by side in the order given.
    let elements: [Element]
    private let nodes: [Node]
    private let edges: [Edge]
    private let labels: [UInt8]

    private struct Node {
        /// The bytes after the edge's byte that lead to this node, in `labels`.
        var label: Range<Int32> = 0..<0
        var edges: Range<Int32> = 0..<0
        var literal: Range<Int32> = 0..<0
        var prefixed: Range<Int32> = 0..<0
    }

    private struct Edge {
        var byte: UInt8
        var target: Int32
    }

    init(_ entries: [(pattern: ResourcePattern, element: Element)]) {
        // A plain byte trie first, one node per byte.
        var children: [[UInt8: Int32]] = [[:]]
        var literal: [Int32: [Element]] = [:]
        var prefixed: [Int32: [Element]] = [:]
        func descend(_ node: Int32, _ byte: UInt8) -> Int32 {
            if let next = children[Int(node)][byte] { return next }
            let next = Int32(children.count)
            children.append([:])
            children[Int(node)][byte] = next
            return next
        }
        for (pattern, element) in entries {
            var node = descend(0, Self.byte(of: pattern.resourceType))
            if pattern.isWildcard {
                prefixed[node, default: []].append(element)
                continue
            }
            for byte in pattern.name.utf8 { node = descend(node, byte) }
            switch pattern.patternType {
            case .literal: literal[node, default: []].append(element)
            case .prefixed: prefixed[node, default: []].append(element)
            }
        }

        // Then the kept nodes, breadth first, each chain of element-less
        // single-child nodes folded into the label of the node it leads to.
        func isKept(_ node: Int32) -> Bool {
            node == 0 || literal[node] != nil || prefixed[node] != nil || children[Int(node)].count != 1
        }
        var nodes = [Node()]
        var edges: [Edge] = []
        var labels: [UInt8] = []
        var elements: [Element] = []
        func append(_ group: [Element]?) -> Range<Int32> {
            let start = Int32(elements.count)
            elements.append(contentsOf: group ?? [])
            return start..<Int32(elements.count)
        }
        var trieNodes: [Int32] = [0]
        var index = 0
        while index < trieNodes.count {
            let trieNode = trieNodes[index]
            nodes[index].prefixed = append(prefixed[trieNode])
            nodes[index].literal = append(literal[trieNode])
            let edgeStart = Int32(edges.count)
            for (byte, child) in children[Int(trieNode)].sorted(by: { $0.key < $1.key }) {
                let labelStart = Int32(labels.count)
                var end = child
                while !isKept(end) {
                    let only = children[Int(end)].first!
                    labels.append(only.key)
                    end = only.value
                }
                edges.append(Edge(byte: byte, target: Int32(trieNodes.count)))
                trieNodes.append(end)
                nodes.append(Node(label: labelStart..<Int32(labels.count)))
            }
            nodes[index].edges = edgeStart..<Int32(edges.count)
            index += 1
        }
        self.elements = elements
        self.nodes = nodes
        self.edges = edges
        self.labels = labels
    }

    /// Calls `visit` with the range in `elements` of each pattern group that
    /// matches `resource` (`*` and PREFIXED ones shortest first, then the
    /// LITERAL name; empty groups skipped) until `visit` returns false.
    func forEachMatch(of resource: ResourceName, _ visit: (Range<Int>) -> Bool) {
        withBytes(of: resource.name) { name in
            guard var node = child(of: 0, Self.byte(of: resource.resourceType)),
                var position = position(after: nodes[node].label, in: name, from: 0),
                visitIfAny(nodes[node].prefixed, visit)
            else { return }
            while position < name.count {
                guard let next = child(of: node, name[position]),
                    let after = self.position(after: nodes[next].label, in: name, from: position + 1)
                else { return }
                (node, position) = (next, after)
                guard visitIfAny(nodes[node].prefixed, visit) else { return }
            }
            _ = visitIfAny(nodes[node].literal, visit)
        }
    }

    private static func byte(of resourceType: AclResourceType) -> UInt8 { UInt8(bitPattern: resourceType.rawValue) }

    private func visitIfAny(_ group: Range<Int32>, _ visit: (Range<Int>) -> Bool) -> Bool {
        group.isEmpty || visit(Int(group.lowerBound)..<Int(group.upperBound))
    }

    /// Where `name` goes on after `label`, if it continues with it at `position`.
    private func position(after label: Range<Int32>, in name: UnsafeBufferPointer<UInt8>, from position: Int) -> Int? {
        let start = Int(label.lowerBound)
        guard name.count - position >= label.count else { return nil }
        for offset in 0..<label.count where name[position + offset] != labels[start + offset] {
            return nil
        }
        return position + label.count
    }

    /// Binary search among the node's edges, sorted by byte.
    private func child(of node: Int, _ byte: UInt8) -> Int? {
        var low = Int(nodes[node].edges.lowerBound)
        var high = Int(nodes[node].edges.upperBound)
        while low < high {
            let middle = (low + high) / 2
            let edge = edges[middle]
            if edge.byte == byte { return Int(edge.target) }
            if edge.byte < byte { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}

extension PatternIndex: Sendable where Element: Sendable {}
