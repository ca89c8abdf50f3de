/// What the ACLs say about one request, with the evidence: which rule decided.
public struct AclDecision: Sendable, Hashable, CustomStringConvertible {
    public let allowed: Bool
    public let reason: AclDecisionReason

    public init(allowed: Bool, reason: AclDecisionReason) {
        self.allowed = allowed
        self.reason = reason
    }

    public var description: String { "\(allowed ? "ALLOWED" : "DENIED"): \(reason)" }
}

/// The rule that decided, in Kafka's order of precedence: a super user is
/// allowed; otherwise a matching DENY ACL denies; otherwise a matching ALLOW
/// ACL allows; otherwise the request is denied, unless the resource has no
/// ACL at all (for anyone) and allow.everyone.if.no.acl.found is set.
public enum AclDecisionReason: Sendable, Hashable, CustomStringConvertible {
    case superUser
    case allowedByAcl(AclBinding)
    case deniedByAcl(AclBinding)
    /// No ACL matches the principal, host and operation (default deny).
    case noMatchingAcl
    /// The resource has no ACL at all and allow.everyone.if.no.acl.found is true.
    case allowEveryoneIfNoAclFound

    public var description: String {
        switch self {
        case .superUser: "super user"
        case .allowedByAcl(let binding): "allowed by ACL \(binding)"
        case .deniedByAcl(let binding): "denied by ACL \(binding)"
        case .noMatchingAcl: "no matching ACL (default deny)"
        case .allowEveryoneIfNoAclFound: "no ACL on the resource and allow.everyone.if.no.acl.found is true"
        }
    }
}
