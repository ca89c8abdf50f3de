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
    /// An IAM principal's policies allow `action` (and its same-resource
    /// companions, and Connect); `policy` and `statement` allowed `action`.
    case iamAllow(policy: String, statement: String, action: IamAction)
    /// An IAM Deny statement applies to `action` (the request's action, a
    /// companion, or Connect).
    case iamDeny(policy: String, statement: String, action: IamAction)
    /// No IAM statement allows `action` (for `request`, when `action` is
    /// one of its companions or Connect), and no ACL allows the request.
    case iamDefaultDeny(action: IamAction, request: IamAction?)
    /// The operation has no IAM action (ClusterAction, All, group configs)
    /// and no ACL allows it.
    case iamNoAction(operation: AclOperation, resourceType: AclResourceType)

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
        case .iamAllow, .iamDeny: "iam-policy"
        case .iamDefaultDeny, .iamNoAction: "iam-default-deny"
        }
    }

    public var description: String {
        switch self {
        case .superUser: "super user (exempt from ACLs)"
        case .acl(let binding): "\(binding.entry.permission) ACL \(binding)"
        case .networkRule(let rules): NetworkRuleDecision.denied(coveringRules: rules).description
        case .defaultDeny: AclDecisionReason.noMatchingAcl.description
        case .allowEveryoneIfNoAclFound: AclDecisionReason.allowEveryoneIfNoAclFound.description
        case .iamAllow(let policy, let statement, let action): "IAM policy \(policy) statement \(statement) allows \(action)"
        case .iamDeny(let policy, let statement, let action): "IAM policy \(policy) statement \(statement) denies \(action)"
        case .iamDefaultDeny(let action, let request):
            "no IAM policy allows \(action)" + (request.map { $0 == action ? "" : " (required for \($0))" } ?? "")
                + " and no ACL allows the request (default deny)"
        case .iamNoAction(let operation, let resourceType):
            "\(resourceType) \(operation) has no kafka-cluster action and no ACL allows it (default deny)"
        }
    }
}
