/// What the network rules say about a client's request on a topic.
public enum NetworkRuleDecision: Sendable, Hashable, CustomStringConvertible {
    /// No rule covers the topic and operation: the ACLs alone decide.
    case notCovered
    /// The client's address is in this rule, one of those covering the topic and operation.
    case allowed(by: NetworkRule)
    /// Rules cover the topic and operation, and the client's address is in none of them.
    case denied(coveringRules: [NetworkRule])

    public var deniesAccess: Bool {
        if case .denied = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .notCovered: "no network rule covers the topic and operation"
        case .allowed(let rule): "admitted by network rule \(rule)"
        case .denied(let rules):
            "the client address is outside every network rule covering the topic and operation: "
                + rules.map(\.description).joined(separator: "; ")
        }
    }
}
