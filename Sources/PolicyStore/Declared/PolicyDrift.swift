import Authorization

/// What makes the store differ from a ``DeclaredPolicy``: what `apply` adds, changes and removes,
/// each list sorted. Empty when the store holds what the files declare.
public struct PolicyDrift: Sendable, Equatable {
    public var usersToAdd: [DeclaredUser] = []
    public var usersToChange: [UserChange] = []
    public var usersToRemove: [Principal] = []
    public var aclsToAdd: [AclBinding] = []
    public var aclsToRemove: [AclBinding] = []
    public var networkRulesToAdd: [NetworkRule] = []
    public var networkRulesToRemove: [NetworkRule] = []

    /// A store user whose state differs from its declaration.
    public struct UserChange: Sendable, Equatable {
        public let current: Principal
        public let declared: DeclaredUser
    }

    public var isEmpty: Bool { self == PolicyDrift() }

    /// The drift of a store holding `principals`, `acls` and `networkRules` from `declared`.
    init(principals: [Principal], acls: [AclBinding], networkRules: [NetworkRule], declared: DeclaredPolicy) {
        if let users = declared.users {
            let current = Dictionary(principals.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for user in users.users.values.sorted(by: { $0.name < $1.name }) {
                if let principal = current[user.name] {
                    if principal.enabled != user.enabled || principal.superUser != user.superUser {
                        usersToChange.append(UserChange(current: principal, declared: user))
                    }
                } else {
                    usersToAdd.append(user)
                }
            }
            if users.removesUnlisted {
                usersToRemove = principals.filter { users.users[$0.name] == nil }.sorted { $0.name < $1.name }
            }
        }
        if let declaredAcls = declared.acls {
            aclsToAdd = declaredAcls.subtracting(acls).sorted()
            aclsToRemove = Set(acls).subtracting(declaredAcls).sorted()
        }
        if let declaredRules = declared.networkRules {
            networkRulesToAdd = declaredRules.subtracting(networkRules).sorted()
            networkRulesToRemove = Set(networkRules).subtracting(declaredRules).sorted()
        }
    }

    init() {}
}
