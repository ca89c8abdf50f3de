/// The network rules of one policy snapshot, indexed by topic pattern so a
/// check looks only at the rules whose pattern matches the topic.
public struct NetworkRuleSet: Sendable {
    /// The rules, sorted, so a decision names the same rule whatever their order in the store.
    public let rules: [NetworkRule]
    private let index: PatternIndex<IndexedRule>

    /// What a check needs of a rule: plain values, so the loop over rules
    /// touches no reference counts.
    private struct IndexedRule: Sendable {
        let block: CIDRBlock
        let operations: OperationMask
        /// Where the rule is in `rules`.
        let position: Int32
    }

    public init(_ rules: [NetworkRule]) {
        // NetworkRule's order is its description's: make each once, not once per comparison.
        self.rules = rules.map { ($0.description, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        index = PatternIndex(
            self.rules.enumerated().map { position, rule in
                let operations = rule.operations.map(OperationMask.init) ?? .all
                return (rule.topics, IndexedRule(block: rule.block, operations: operations, position: Int32(position)))
            })
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Whether `client` may do `operation` on `topic` as far as the network
    /// rules go: not covered when no rule covers the topic and operation,
    /// allowed when the client's address is in a covering rule, denied otherwise.
    public func check(topic: String, operation: AclOperation, client: IPAddress) -> NetworkRuleDecision {
        let resource = ResourceName(.topic, topic)
        var covered = false
        var admitting: Int32?
        forEachCoveringRule(of: resource, operation) { rule in
            covered = true
            guard rule.block.contains(client) else { return true }
            admitting = rule.position
            return false
        }
        if let admitting { return .allowed(by: rules[Int(admitting)]) }
        guard covered else { return .notCovered }
        var covering: [Int32] = []
        forEachCoveringRule(of: resource, operation) { rule in
            covering.append(rule.position)
            return true
        }
        return .denied(coveringRules: covering.sorted().map { rules[Int($0)] })
    }

    /// Calls `body` with each rule covering the topic and operation until it returns false.
    private func forEachCoveringRule(of topic: ResourceName, _ operation: AclOperation, _ body: (IndexedRule) -> Bool) {
        index.forEachMatch(of: topic) { group in
            for position in group where index.elements[position].operations.contains(operation) {
                guard body(index.elements[position]) else { return false }
            }
            return true
        }
    }
}
