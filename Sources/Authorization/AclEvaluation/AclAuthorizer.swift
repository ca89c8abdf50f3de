/// Kafka's ACL authorizer (`StandardAuthorizer`), evaluated against one
/// immutable policy snapshot: build one per snapshot and swap it whole.
///
/// A decision looks up the user once (super user? named by any ACL?), then
/// walks the resource's type and name down the index, checking only the
/// ACLs of `User:*` and of that user on the patterns that match: its cost
/// follows the name's length and the ACLs that apply, not the number of ACLs.
public struct AclAuthorizer: Sendable {
    /// The ACLs, in the order given.
    public let bindings: [AclBinding]
    public let allowEveryoneIfNoAclFound: Bool
    /// Every user that is a super user or named by an ACL.
    let users: [ExactName: KnownUser]
    let index: AclIndex

    struct KnownUser: Sendable {
        /// Their number in `IndexedAcl.principal`; nil when no ACL names them.
        var number: Int32?
        var isSuperUser = false
    }

    /// - Parameters:
    ///   - superUsers: bare user names (`alice`, not `User:alice`), allowed
    ///     everything the ACLs govern (Kafka's `super.users`).
    ///   - allowEveryoneIfNoAclFound: Kafka's `allow.everyone.if.no.acl.found`:
    ///     allow a request on a resource that no ACL, for anyone, covers.
    public init(bindings: [AclBinding], superUsers: Set<String>, allowEveryoneIfNoAclFound: Bool = false) {
        var users: [ExactName: KnownUser] = [:]
        for name in superUsers {
            users[ExactName(name), default: KnownUser()].isSuperUser = true
        }
        var nextNumber = IndexedAcl.anyUser + 1
        var acls: [(pattern: ResourcePattern, acl: IndexedAcl)] = []
        for (position, binding) in bindings.enumerated() {
            var principal = IndexedAcl.anyUser
            if let name = binding.entry.principal.userName {
                let key = ExactName(name)
                if let number = users[key]?.number {
                    principal = number
                } else {
                    principal = nextNumber
                    users[key, default: KnownUser()].number = nextNumber
                    nextNumber += 1
                }
            }
            acls.append((binding.pattern, IndexedAcl(binding.entry, principal: principal, binding: position)))
        }
        self.bindings = bindings
        self.allowEveryoneIfNoAclFound = allowEveryoneIfNoAclFound
        self.users = users
        self.index = AclIndex(acls)
    }

    /// Kafka's `StandardAuthorizerData.authorize`: super user; else any
    /// matching DENY; else any matching ALLOW (with implied operations);
    /// else deny, or allow when allow.everyone.if.no.acl.found is set and no
    /// ACL for anyone covers the resource. An ACL matches when its pattern
    /// covers the resource, its principal is the user or `User:*`, its host
    /// is the client's address or `*`, and it speaks to the operation.
    public func authorize(user: String, host: IPAddress, operation: AclOperation, resource: ResourceName) -> AclDecision {
        let known = users[ExactName(user)]
        if known?.isSuperUser == true {
            return AclDecision(allowed: true, reason: .superUser)
        }
        var resourceHasAcls = false
        var allowing: Int32?
        var denying: Int32?
        /// Notes what the principal's ACLs in `run` say; false once one denies.
        func check(_ run: Range<Int>) -> Bool {
            for position in run {
                let acl = index.patterns.elements[position]
                guard acl.operations.contains(operation), acl.host.matches(host) else { continue }
                switch acl.permission {
                case .deny:
                    denying = acl.binding
                    return false
                case .allow:
                    allowing = allowing ?? acl.binding
                }
            }
            return true
        }
        index.patterns.forEachMatch(of: resource) { group in
            resourceHasAcls = true
            guard check(index.acls(of: IndexedAcl.anyUser, in: group)) else { return false }
            guard let number = known?.number else { return true }
            return check(index.acls(of: number, in: group))
        }
        if let denying {
            return AclDecision(allowed: false, reason: .deniedByAcl(bindings[Int(denying)]))
        }
        if let allowing {
            return AclDecision(allowed: true, reason: .allowedByAcl(bindings[Int(allowing)]))
        }
        if allowEveryoneIfNoAclFound, !resourceHasAcls {
            return AclDecision(allowed: true, reason: .allowEveryoneIfNoAclFound)
        }
        return AclDecision(allowed: false, reason: .noMatchingAcl)
    }
}
