/// Elements filed under resource-name patterns (LITERAL names, LITERAL `*`,
/// PREFIXED names), found by a resource's name in one walk down a byte trie
/// of the patterns' names, whatever their number: the PREFIXED elements of
/// each node passed, the LITERAL ones of the node where the name ends, and
/// the `*` ones. Bytes, because Kafka compares names code unit by code unit
/// (see `String.isExactly`).
///
/// The trie is flat: node `i` has its children's first bytes, sorted, in
/// `edgeBytes[nodes[i].edges]`, and its elements in ranges of `elements`.
struct PatternIndex<Element> {
    /// Every element, those of one pattern side by side in the order given.
    let elements: [Element]
    private let nodes: [Node]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    private let wildcard: Range<Int>

    private struct Node {
        var edges: Range<Int32> = 0..<0
        var literal: Range<Int32> = 0..<0
        var prefixed: Range<Int32> = 0..<0
    }

    init(_ entries: [(pattern: ResourcePattern, element: Element)]) {
        var children: [[UInt8: Int32]] = [[:]]
        var literal: [Int32: [Element]] = [:]
        var prefixed: [Int32: [Element]] = [:]
        var wildcardElements: [Element] = []
        for (pattern, element) in entries {
            if pattern.isWildcard {
                wildcardElements.append(element)
                continue
            }
            var node: Int32 = 0
            for byte in pattern.name.utf8 {
                if let next = children[Int(node)][byte] {
                    node = next
                } else {
                    let next = Int32(children.count)
                    children.append([:])
                    children[Int(node)][byte] = next
                    node = next
                }
            }
            switch pattern.patternType {
            case .literal: literal[node, default: []].append(element)
            case .prefixed: prefixed[node, default: []].append(element)
            }
        }

        var nodes = [Node](repeating: Node(), count: children.count)
        var edgeBytes: [UInt8] = []
        var edgeTargets: [Int32] = []
        var elements: [Element] = []
        func append(_ group: [Element]?) -> Range<Int32> {
            let start = Int32(elements.count)
            elements.append(contentsOf: group ?? [])
            return start..<Int32(elements.count)
        }
        for index in nodes.indices {
            let edgeStart = Int32(edgeBytes.count)
            for (byte, target) in children[index].sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
            nodes[index].edges = edgeStart..<Int32(edgeBytes.count)
            nodes[index].prefixed = append(prefixed[Int32(index)])
            nodes[index].literal = append(literal[Int32(index)])
        }
        let wildcardStart = elements.count
        elements.append(contentsOf: wildcardElements)

        self.elements = elements
        self.nodes = nodes
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.wildcard = wildcardStart..<elements.count
    }

    /// Calls `visit` with the range in `elements` of each pattern group that
    /// matches `name` (PREFIXED ones shortest first, then the LITERAL name,
    /// then `*`; empty groups skipped) until `visit` returns false.
    func forEachMatch(of name: String, _ visit: (Range<Int>) -> Bool) {
        var name = name
        let keepGoing = name.withUTF8 { bytes -> Bool in
            var node = 0
            if !visitIfAny(nodes[node].prefixed, visit) { return false }
            for byte in bytes {
                guard let child = child(of: node, byte) else { return true }
                node = child
                if !visitIfAny(nodes[node].prefixed, visit) { return false }
            }
            return visitIfAny(nodes[node].literal, visit)
        }
        if keepGoing, !wildcard.isEmpty {
            _ = visit(wildcard)
        }
    }

    private func visitIfAny(_ group: Range<Int32>, _ visit: (Range<Int>) -> Bool) -> Bool {
        group.isEmpty || visit(Int(group.lowerBound)..<Int(group.upperBound))
    }

    /// Binary search among the node's edges, sorted by byte.
    private func child(of node: Int, _ byte: UInt8) -> Int? {
        var low = Int(nodes[node].edges.lowerBound)
        var high = Int(nodes[node].edges.upperBound)
        while low < high {
            let middle = (low + high) / 2
            let candidate = edgeBytes[middle]
            if candidate == byte { return Int(edgeTargets[middle]) }
            if candidate < byte { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}

extension PatternIndex: Sendable where Element: Sendable {}
