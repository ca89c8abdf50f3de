import Authorization

/// `authctl check`'s answer: the decision, the request it is for, the rule that decided, and
/// warnings; as text, or as a ``Record`` in JSON.
struct CheckReport {
    let decision: AuthorizationDecision
    let user: String
    let host: IPAddress
    let operation: AclOperation
    let resource: ResourceName
    /// For an IAM principal: the action the request needs (nil when the operation has none).
    let iamAction: IamAction?
    let warnings: [String]

    var verdict: String { decision.allowed ? "ALLOW" : "DENY" }

    /// `ALLOW User:alice Write Topic:orders from 10.1.2.3` (with the IAM action after the
    /// resource for an IAM principal), then the kind of rule that decided and the rule, then the
    /// network rule that admitted the address when one did.
    var text: String {
        let action = iamAction.map { " (\($0))" } ?? ""
        var lines = [
            "\(verdict) \(AclPrincipal.user(user)) \(operation) \(resource)\(action) from \(host)",
            "  \(decision.reason.machineName): \(decision.reason)",
        ]
        if let rule = decision.admittingNetworkRule {
            lines.append("  address admitted by network rule \(rule)")
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON object `--output json` prints.
    struct Record: Encodable {
        /// ALLOW or DENY.
        let decision: String
        let principal: String
        let host: String
        let operation: String
        let resourceType: String
        let resourceName: String
        /// The kind of rule that decided, as the decision log names it: acl, network-rule,
        /// super-user, default-deny or no-acl-allow-everyone.
        let reason: String
        /// The rule that decided, in words.
        let explanation: String
        /// The ACL that decided, when one did.
        let acl: AclListing.Record?
        /// When network rules denied: those covering the topic and operation, none of which holds the address.
        let coveringNetworkRules: [NetworkRuleListing.Record]?
        /// When network rules cover the topic and the ACLs decided: the rule that admitted the address.
        let admittingNetworkRule: NetworkRuleListing.Record?
        /// For an IAM principal, when a policy decided: the policy and the statement (its Sid, or #index).
        let iamPolicy: String?
        let iamStatement: String?
        /// For an IAM principal: the action the decision names (the one allowed or denied, or the
        /// one no policy allows), and the action the request needs.
        let iamAction: String?
        let iamRequestAction: String?
        let warnings: [String]

        init(_ report: CheckReport) {
            let reason = report.decision.reason
            decision = report.verdict
            principal = AclPrincipal.user(report.user).description
            host = report.host.description
            operation = report.operation.description
            resourceType = report.resource.resourceType.description
            resourceName = report.resource.name
            self.reason = reason.machineName
            explanation = reason.description
            if case .acl(let binding) = reason { acl = AclListing.Record(binding) } else { acl = nil }
            if case .networkRule(let rules) = reason {
                coveringNetworkRules = rules.map(NetworkRuleListing.Record.init)
            } else {
                coveringNetworkRules = nil
            }
            admittingNetworkRule = report.decision.admittingNetworkRule.map(NetworkRuleListing.Record.init)
            switch reason {
            case .iamAllow(let policy, let statement, let action), .iamDeny(let policy, let statement, let action):
                (iamPolicy, iamStatement, iamAction) = (policy, statement, action.description)
            case .iamDefaultDeny(let action, _):
                (iamPolicy, iamStatement, iamAction) = (nil, nil, action.description)
            default:
                (iamPolicy, iamStatement, iamAction) = (nil, nil, nil)
            }
            iamRequestAction = report.iamAction?.description
            warnings = report.warnings
        }
    }
}
