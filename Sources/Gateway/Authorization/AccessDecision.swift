import Authorization

/// One decision made while authorizing a request: what was asked, about
/// which resource, and the rule that answered. The decision log records them.
struct AccessDecision: Sendable, Hashable {
    let operation: AclOperation
    let resource: ResourceName
    let allowed: Bool
    let reason: DecisionReason
}
