import Authorization

/// `authctl check`'s answer: the decision, the request it is for, the rule that decided, and
/// warnings; as text, or as a ``Record`` in JSON.
struct CheckReport {
    let decision: AuthorizationDecision
    let user: String
    let host: IPAddress
    let operation: AclOperation
    let resource: ResourceName
    let warnings: [String]

    var verdict: String { decision.allowed ? "ALLOW" : "DENY" }

    /// `ALLOW User:alice Write Topic:orders from 10.1.2.3`, then the kind of rule that decided
    /// and the rule, then the network rule that admitted the address when one did.
    var text: String {
        var lines = [
            "\(verdict) \(AclPrincipal.user(user)) \(operation) \(resource) from \(host)",
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
            warnings = report.warnings
        }
    }
}
