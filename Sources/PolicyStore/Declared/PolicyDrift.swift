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
    /// Client quota values to set, change (`old` and `new`) or remove (`new` nil), sorted.
    public var quotaChanges: [ClientQuotaChange] = []
    /// IAM users and roles the files declare and the store lacks, by name.
    public var iamUsersToAdd: [String] = []
    public var iamRolesToAdd: [String] = []
    public var iamPoliciesToAdd: [DeclaredIamPolicy] = []
    /// Declared documents whose stored text differs; each with its declared text.
    public var iamPoliciesToChange: [DeclaredIamPolicy] = []
    public var iamPoliciesToRemove: [String] = []
    public var iamAttachmentsToAdd: [IamAttachment] = []
    public var iamAttachmentsToRemove: [IamAttachment] = []
    /// Not a change: policies the files do not declare that `apply` keeps, since identities
    /// the files do not declare still have them attached. Ignored by ``isEmpty``.
    public var iamPoliciesKept: [KeptIamPolicy] = []

    /// A store user whose state differs from its declaration.
    public struct UserChange: Sendable, Equatable {
        public let current: Principal
        public let declared: DeclaredUser
    }

    /// True when `apply` would change nothing (kept policies are no change).
    public var isEmpty: Bool {
        var changes = self
        changes.iamPoliciesKept = []
        return changes == PolicyDrift()
    }

    /// The drift of a store holding `principals`, `acls`, `networkRules` and `iam` from `declared`.
    init(
        principals: [Principal], acls: [AclBinding], networkRules: [NetworkRule], iam: IamState = IamState(),
        quotas: [ClientQuota] = [], declared: DeclaredPolicy
    ) {
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
        if let declaredQuotas = declared.quotas {
            let current = Dictionary(quotas.map { (QuotaSlot($0), $0.value) }, uniquingKeysWith: { first, _ in first })
            let wanted = Dictionary(declaredQuotas.map { (QuotaSlot($0), $0.value) }, uniquingKeysWith: { _, last in last })
            for (slot, value) in wanted where current[slot] != value {
                quotaChanges.append(ClientQuotaChange(entity: slot.entity, key: slot.key, old: current[slot], new: value))
            }
            for (slot, value) in current where wanted[slot] == nil {
                quotaChanges.append(ClientQuotaChange(entity: slot.entity, key: slot.key, old: value, new: nil))
            }
            quotaChanges.sort()
        }
        if let declaredIam = declared.iam {
            addIamDrift(from: iam, to: declaredIam)
        }
    }

    init() {}
}

/// One key of one entity: where a quota's value goes.
private struct QuotaSlot: Hashable {
    let entity: ClientQuotaEntity
    let key: ClientQuotaKey

    init(_ quota: ClientQuota) {
        entity = quota.entity
        key = quota.key
    }
}
