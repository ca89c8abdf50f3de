extension AclAuthorizer {
    /// Whether `user` may do `operation` on at least one resource of the
    /// type, with the semantics of Kafka's default
    /// `Authorizer.authorizeByResourceType` (which `StandardAuthorizer` keeps):
    /// used for KIP-679's fallback, IdempotentWrite granted by Write on any topic.
    ///
    /// First, a request on a resource named `hardcode` (so super users, `*`
    /// ACLs with implied operations and allow.everyone.if.no.acl.found
    /// count). Then the user's and `User:*`'s ACLs from a matching host for
    /// exactly this operation or All: a DENY on `*` denies; an ALLOW on `*`
    /// allows; otherwise some ALLOW must survive the DENYs: a LITERAL name
    /// unless DENY'd by the same LITERAL name or by a PREFIXED prefix of it,
    /// a PREFIXED name unless DENY'd by a PREFIXED prefix of it.
    public func authorizeByResourceType(user: String, host: IPAddress, operation: AclOperation, resourceType: AclResourceType) -> Bool {
        let probe = ResourceName(resourceType, "hardcode")
        if authorize(user: user, host: host, operation: operation, resource: probe).allowed {
            return true
        }
        guard let acls = index.byTypeAndPrincipal[resourceType] else { return false }
        var principals = [IndexedAcl.anyUser]
        if let number = users[ExactName(user)]?.number { principals.append(number) }

        var allowsAnyName = false
        var allowed: [ResourcePattern] = []
        var deniedLiterals: Set<ExactName> = []
        var deniedPrefixes: [String] = []
        for principal in principals {
            for acl in acls[principal] ?? [] where acl.host.matches(host) {
                let binding = bindings[Int(acl.binding)]
                guard binding.entry.operation == operation || binding.entry.operation == .all else { continue }
                let pattern = binding.pattern
                switch (acl.permission, pattern.patternType) {
                case (.deny, _) where pattern.isWildcard: return false
                case (.deny, .literal): deniedLiterals.insert(ExactName(pattern.name))
                case (.deny, .prefixed): deniedPrefixes.append(pattern.name)
                case (.allow, _) where pattern.isWildcard: allowsAnyName = true
                case (.allow, _): allowed.append(pattern)
                }
            }
        }
        if allowsAnyName { return true }
        // Kafka tries the name's prefixes from one character on: an empty
        // PREFIXED DENY (which validation refuses) dominates nothing.
        return allowed.contains { pattern in
            let deniedByPrefix = deniedPrefixes.contains { !$0.isEmpty && pattern.name.startsExactly(with: $0) }
            let deniedByLiteral = pattern.patternType == .literal && deniedLiterals.contains(ExactName(pattern.name))
            return !deniedByPrefix && !deniedByLiteral
        }
    }
}
