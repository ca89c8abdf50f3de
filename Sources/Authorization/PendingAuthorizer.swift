// TEMPORARY stand-in with the agreed contract until the indexed evaluator lands; deleted at that merge.
public enum DecisionReason: Sendable, Hashable {
    case superUser
    case acl(AclBinding)
    case networkRule(NetworkRule?)
    case defaultDeny
    case allowEveryoneIfNoAclFound
    public var name: String {
        switch self {
        case .superUser: "super-user"
        case .acl: "acl"
        case .networkRule: "network-rule"
        case .defaultDeny: "default-deny"
        case .allowEveryoneIfNoAclFound: "no-acl-allow-everyone"
        }
    }
}

public struct AuthorizationDecision: Sendable, Hashable {
    public let allowed: Bool
    public let reason: DecisionReason
}

public struct Authorizer: Sendable {
    let bindings: [AclBinding]
    let rules: [NetworkRule]
    let superUsers: Set<String>
    let allowEveryone: Bool

    public init(bindings: [AclBinding], networkRules: [NetworkRule], superUsers: Set<String>, allowEveryoneIfNoAclFound: Bool) {
        (self.bindings, self.rules, self.superUsers, self.allowEveryone) = (bindings, networkRules, superUsers, allowEveryoneIfNoAclFound)
    }

    public func authorize(user: String, host: IPAddress, operation: AclOperation, resource: ResourceName) -> AuthorizationDecision {
        if resource.resourceType == .topic {
            let covering = rules.filter { $0.covers(topic: resource.name, operation: operation) }
            if !covering.isEmpty, !covering.contains(where: { $0.block.contains(host) }) {
                return AuthorizationDecision(allowed: false, reason: .networkRule(covering.first))
            }
        }
        if superUsers.contains(user) { return AuthorizationDecision(allowed: true, reason: .superUser) }
        let matching = bindings.filter { $0.pattern.matches(resource) }
        let applicable = matching.filter { $0.entry.principal.matches(userName: user) && $0.entry.host.matches(host) }
        if let deny = applicable.first(where: { $0.entry.permission == .deny && ($0.entry.operation == operation || $0.entry.operation == .all) }) {
            return AuthorizationDecision(allowed: false, reason: .acl(deny))
        }
        if let allow = applicable.first(where: { $0.entry.permission == .allow && $0.entry.operation.impliedByAllowing.contains(operation) }) {
            return AuthorizationDecision(allowed: true, reason: .acl(allow))
        }
        if matching.isEmpty, allowEveryone { return AuthorizationDecision(allowed: true, reason: .allowEveryoneIfNoAclFound) }
        return AuthorizationDecision(allowed: false, reason: .defaultDeny)
    }

    public func authorizedOperations(user: String, host: IPAddress, resource: ResourceName) -> Set<AclOperation> {
        Set(AclOperation.allCases.filter { $0 != .all && authorize(user: user, host: host, operation: $0, resource: resource).allowed })
    }

    public func authorizeByResourceType(user: String, host: IPAddress, operation: AclOperation, resourceType: AclResourceType) -> Bool {
        superUsers.contains(user) || bindings.contains {
            $0.pattern.resourceType == resourceType && $0.entry.permission == .allow && $0.entry.principal.matches(userName: user)
                && $0.entry.host.matches(host) && $0.entry.operation.impliedByAllowing.contains(operation)
        }
    }
}
