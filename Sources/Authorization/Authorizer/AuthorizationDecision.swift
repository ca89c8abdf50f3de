/// The gateway's answer for one request on one resource, with its evidence.
public struct AuthorizationDecision: Sendable, Hashable, CustomStringConvertible {
    public let allowed: Bool
    /// The rule that decided.
    public let reason: DecisionReason
    /// The network rule that admitted the client's address, when rules cover
    /// the topic and the ACLs then decided: evidence for the decision log.
    public let admittingNetworkRule: NetworkRule?

    public init(allowed: Bool, reason: DecisionReason, admittingNetworkRule: NetworkRule? = nil) {
        self.allowed = allowed
        self.reason = reason
        self.admittingNetworkRule = admittingNetworkRule
    }

    public var description: String {
        let admitted = admittingNetworkRule.map { "; admitted by network rule \($0)" } ?? ""
        return "\(allowed ? "ALLOWED" : "DENIED") [\(reason.machineName)]: \(reason)\(admitted)"
    }
}
