/// ACLs and network rules together, for one policy snapshot. Network rules
/// bind Topic resources for every principal: a client outside every rule
/// covering the topic and operation is denied before the ACLs are asked,
/// super users included (a super user is exempt from ACLs only). IAM
/// principals are authorized by `authorize(iam:…)` (Authorizer+Iam.swift).
public struct Authorizer: Sendable {
    public let acls: AclAuthorizer
    public let networkRules: NetworkRuleSet
    /// The cluster's names in MSK's ARNs, for IAM principals' policies.
    public let iam: IamClusterIdentity

    public init(acls: AclAuthorizer, networkRules: NetworkRuleSet, iam: IamClusterIdentity = .default) {
        self.acls = acls
        self.networkRules = networkRules
        self.iam = iam
    }

    public func authorize(user: String, host: IPAddress, operation: AclOperation, resource: ResourceName) -> AuthorizationDecision {
        var admitting: NetworkRule?
        if resource.resourceType == .topic {
            switch networkRules.check(topic: resource.name, operation: operation, client: host) {
            case .denied(let rules):
                return AuthorizationDecision(allowed: false, reason: .networkRule(coveringRules: rules))
            case .allowed(let rule):
                admitting = rule
            case .notCovered:
                break
            }
        }
        let decision = acls.authorize(user: user, host: host, operation: operation, resource: resource)
        return AuthorizationDecision(allowed: decision.allowed, reason: DecisionReason(decision.reason), admittingNetworkRule: admitting)
    }

    /// `AclAuthorizer.authorizedOperations` with the network rules applied
    /// too: what this client, from this address, may do on the resource.
    public func authorizedOperations(user: String, host: IPAddress, resource: ResourceName) -> Set<AclOperation> {
        resource.resourceType.supportedOperations.filter {
            authorize(user: user, host: host, operation: $0, resource: resource).allowed
        }
    }

    /// The ACLs' answer alone (`AclAuthorizer.authorizeByResourceType`).
    /// It asks whether some resource of the type is open to the user, for
    /// KIP-679's IdempotentWrite fallback; the network rules say nothing
    /// about "some topic", and every Produce that follows is checked
    /// against them topic by topic.
    public func authorizeByResourceType(user: String, host: IPAddress, operation: AclOperation, resourceType: AclResourceType) -> Bool {
        acls.authorizeByResourceType(user: user, host: host, operation: operation, resourceType: resourceType)
    }
}
