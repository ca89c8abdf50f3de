/// The rule that decided a request, as the decision log and `authctl check`
/// print it: `machineName` is stable for queries, `description` names the rule.
public enum DecisionReason: Sendable, Hashable, CustomStringConvertible {
    case superUser
    /// The ACL that allowed or denied (its permission says which).
    case acl(AclBinding)
    /// Network rules cover the topic and operation and the client's address
    /// is in none of them; these are the covering rules.
    case networkRule(coveringRules: [NetworkRule])
    /// No ACL matches (Kafka's default deny).
    case defaultDeny
    /// The resource has no ACL at all and allow.everyone.if.no.acl.found is true.
    case allowEveryoneIfNoAclFound

    init(_ reason: AclDecisionReason) {
        switch reason {
        case .superUser: self = .superUser
        case .allowedByAcl(let binding), .deniedByAcl(let binding): self = .acl(binding)
        case .noMatchingAcl: self = .defaultDeny
        case .allowEveryoneIfNoAclFound: self = .allowEveryoneIfNoAclFound
        }
    }

    public var machineName: String {
        switch self {
        case .superUser: "super-user"
        case .acl: "acl"
        case .networkRule: "network-rule"
        case .defaultDeny: "default-deny"
        case .allowEveryoneIfNoAclFound: "no-acl-allow-everyone"
        }
    }

    public var description: String {
        switch self {
        case .superUser: "super user (exempt from ACLs)"
        case .acl(let binding): "\(binding.entry.permission) ACL \(binding)"
        case .networkRule(let rules): NetworkRuleDecision.denied(coveringRules: rules).description
        case .defaultDeny: AclDecisionReason.noMatchingAcl.description
        case .allowEveryoneIfNoAclFound: AclDecisionReason.allowEveryoneIfNoAclFound.description
        }
    }
}
