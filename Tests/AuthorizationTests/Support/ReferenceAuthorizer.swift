import Authorization

/// Kafka's rules written as plainly as possible: a scan over every ACL and
/// every network rule, names compared byte for byte, following
/// `StandardAuthorizerData.authorize`/`findResult` and the default
/// `Authorizer.authorizeByResourceType` line by line. The indexed
/// evaluators must agree with it.
struct ReferenceAuthorizer {
    var bindings: [AclBinding]
    var superUsers: Set<String>
    var allowEveryoneIfNoAclFound: Bool
    var rules: [NetworkRule]

    /// What the ACLs must answer; where several ACLs could be named, any of them.
    enum Expected: Equatable {
        case superUser
        case deniedByOneOf([AclBinding])
        case allowedByOneOf([AclBinding])
        case noMatchingAcl
        case allowEveryoneIfNoAclFound

        var allowed: Bool {
            switch self {
            case .superUser, .allowedByOneOf, .allowEveryoneIfNoAclFound: true
            case .deniedByOneOf, .noMatchingAcl: false
            }
        }

        func accepts(_ decision: AclDecision) -> Bool {
            switch (self, decision.reason) {
            case (.superUser, .superUser), (.noMatchingAcl, .noMatchingAcl), (.allowEveryoneIfNoAclFound, .allowEveryoneIfNoAclFound):
                decision.allowed == allowed
            case (.deniedByOneOf(let candidates), .deniedByAcl(let binding)), (.allowedByOneOf(let candidates), .allowedByAcl(let binding)):
                decision.allowed == allowed && Self.names(candidates, binding)
            default:
                false
            }
        }

        /// The same check for the combined `Authorizer`, whose reason names the ACL without saying ALLOW or DENY.
        func accepts(_ decision: AuthorizationDecision) -> Bool {
            switch (self, decision.reason) {
            case (.superUser, .superUser), (.noMatchingAcl, .defaultDeny), (.allowEveryoneIfNoAclFound, .allowEveryoneIfNoAclFound):
                decision.allowed == allowed
            case (.deniedByOneOf(let candidates), .acl(let binding)), (.allowedByOneOf(let candidates), .acl(let binding)):
                decision.allowed == allowed && Self.names(candidates, binding)
            default:
                false
            }
        }

        /// Whether `binding` is one of `candidates`, its names byte for byte.
        private static func names(_ candidates: [AclBinding], _ binding: AclBinding) -> Bool {
            candidates.contains {
                $0 == binding && same($0.pattern.name, binding.pattern.name)
                    && same($0.entry.principal.description, binding.entry.principal.description)
            }
        }
    }

    func authorize(user: String, host: IPAddress, operation: AclOperation, resource: ResourceName) -> Expected {
        if superUsers.contains(where: { same($0, user) }) { return .superUser }
        let onResource = bindings.filter { Self.covers($0.pattern, resource) }
        let results = onResource.map { ($0, Self.findResult(operation, user: user, host: host, $0.entry)) }
        let denying = results.filter { $0.1 == .deny }.map(\.0)
        if !denying.isEmpty { return .deniedByOneOf(denying) }
        let allowing = results.filter { $0.1 == .allow }.map(\.0)
        if !allowing.isEmpty { return .allowedByOneOf(allowing) }
        return onResource.isEmpty && allowEveryoneIfNoAclFound ? .allowEveryoneIfNoAclFound : .noMatchingAcl
    }

    /// Kafka's default `Authorizer.authorizeByResourceType`.
    func authorizeByResourceType(user: String, host: IPAddress, operation: AclOperation, resourceType: AclResourceType) -> Bool {
        if authorize(user: user, host: host, operation: operation, resource: ResourceName(resourceType, "hardcode")).allowed {
            return true
        }
        var denyLiterals: [String] = [], denyPrefixes: [String] = [], allowLiterals: [String] = [], allowPrefixes: [String] = []
        var wildcardAllow = false
        for binding in bindings where binding.pattern.resourceType == resourceType {
            let entry = binding.entry
            guard Self.hostMatches(entry.host, host), Self.principalMatches(entry.principal, user) else { continue }
            guard entry.operation == operation || entry.operation == .all else { continue }
            let name = binding.pattern.name
            if entry.permission == .deny {
                switch binding.pattern.patternType {
                case .literal:
                    if same(name, "*") { return false }
                    denyLiterals.append(name)
                case .prefixed: denyPrefixes.append(name)
                }
                continue
            }
            switch binding.pattern.patternType {
            case .literal:
                if same(name, "*") { wildcardAllow = true } else { allowLiterals.append(name) }
            case .prefixed: allowPrefixes.append(name)
            }
        }
        if wildcardAllow { return true }
        /// Kafka tries each non-empty prefix of the name against the DENYed prefixes.
        func dominatedByPrefix(_ name: String) -> Bool {
            denyPrefixes.contains { !$0.isEmpty && startsWith(name, $0) }
        }
        for name in allowLiterals where !denyLiterals.contains(where: { same($0, name) }) && !dominatedByPrefix(name) { return true }
        for name in allowPrefixes where !dominatedByPrefix(name) { return true }
        return false
    }

    /// What the network rules must answer: the covering rules, and those of them that admit the client.
    func checkNetwork(topic: String, operation: AclOperation, client: IPAddress) -> (covering: [NetworkRule], admitting: [NetworkRule]) {
        let covering = rules.filter { rule in
            Self.covers(rule.topics, ResourceName(.topic, topic)) && (rule.operations.map { $0.contains(operation) } ?? true)
        }
        return (covering, covering.filter { Self.contains($0.block, client) })
    }

    private static func covers(_ pattern: ResourcePattern, _ resource: ResourceName) -> Bool {
        guard pattern.resourceType == resource.resourceType else { return false }
        return switch pattern.patternType {
        case .literal: same(pattern.name, "*") || same(pattern.name, resource.name)
        case .prefixed: startsWith(resource.name, pattern.name)
        }
    }

    /// Kafka's `findResult`: nil when the ACL does not apply.
    private static func findResult(_ operation: AclOperation, user: String, host: IPAddress, _ entry: AccessControlEntry) -> AclPermission? {
        guard principalMatches(entry.principal, user), hostMatches(entry.host, host) else { return nil }
        if entry.operation != .all {
            if entry.permission == .allow {
                switch operation {
                case .describe:
                    guard [.describe, .read, .write, .delete, .alter].contains(entry.operation) else { return nil }
                case .describeConfigs:
                    guard [.describeConfigs, .alterConfigs].contains(entry.operation) else { return nil }
                default:
                    guard operation == entry.operation else { return nil }
                }
            } else if operation != entry.operation {
                return nil
            }
        }
        return entry.permission
    }

    /// Kafka matches the principal's text against `User:NAME` and `User:*`.
    private static func principalMatches(_ principal: AclPrincipal, _ user: String) -> Bool {
        let text = principal.description
        return same(text, "User:*") || same(text, "User:" + user)
    }

    /// Kafka matches the host's text; the gateway compares parsed addresses, IPv4-mapped ones unmapped.
    private static func hostMatches(_ host: AclHost, _ client: IPAddress) -> Bool {
        host == .any || host == .address(client.unmapped)
    }

    private static func contains(_ block: CIDRBlock, _ address: IPAddress) -> Bool {
        switch (block.network, address.unmapped) {
        case (.v4(let network), .v4(let client)): network >> (32 - block.prefixLength) == client >> (32 - block.prefixLength)
        case (.v6(let network), .v6(let client)): network >> (128 - block.prefixLength) == client >> (128 - block.prefixLength)
        default: false
        }
    }
}

/// Kafka compares Java strings code unit by code unit: for valid text, the same as comparing UTF-8 bytes.
private func same(_ one: String, _ other: String) -> Bool { one.utf8.elementsEqual(other.utf8) }

private func startsWith(_ name: String, _ prefix: String) -> Bool { name.utf8.starts(with: prefix.utf8) }
