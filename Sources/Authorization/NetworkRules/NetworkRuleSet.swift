/// The network rules of one policy snapshot, indexed by topic pattern so a
/// check looks only at the rules whose pattern matches the topic.
public struct NetworkRuleSet: Sendable {
    /// The rules, sorted, so a decision names the same rule whatever their order in the store.
    public let rules: [NetworkRule]
    private let index: PatternIndex<IndexedRule>

    private struct IndexedRule: Sendable {
        let rule: NetworkRule
        let operations: OperationMask
    }

    public init(_ rules: [NetworkRule]) {
        self.rules = rules.sorted()
        index = PatternIndex(
            self.rules.map { ($0.topics, IndexedRule(rule: $0, operations: $0.operations.map(OperationMask.init) ?? .all)) }
        )
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Whether `client` may do `operation` on `topic` as far as the network
    /// rules go: not covered when no rule covers the topic and operation,
    /// allowed when the client's address is in a covering rule, denied otherwise.
    public func check(topic: String, operation: AclOperation, client: IPAddress) -> NetworkRuleDecision {
        var covered = false
        var admitting: NetworkRule?
        index.forEachMatch(of: topic) { group in
            for position in group {
                let candidate = index.elements[position]
                guard candidate.operations.contains(operation) else { continue }
                covered = true
                if candidate.rule.block.contains(client) {
                    admitting = candidate.rule
                    return false
                }
            }
            return true
        }
        if let admitting { return .allowed(by: admitting) }
        guard covered else { return .notCovered }
        return .denied(coveringRules: rules.filter { $0.covers(topic: topic, operation: operation) })
    }
}
