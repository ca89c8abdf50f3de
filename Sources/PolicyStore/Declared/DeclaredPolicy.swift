import Authorization

/// The policy a set of declarative files states, for ``PolicyStore/apply(_:actor:)``. Each kind
/// is nil when the files do not manage it: the store's entries of that kind are then left alone.
/// A managed kind of ACLs or network rules is exhaustive, as a GitOps source of truth is: the
/// store ends up holding exactly the declared ones. Users are exhaustive only when
/// ``DeclaredUsers/removesUnlisted`` says so, because removing a user also removes its
/// credentials, which files never hold. IAM policies and attachments: see ``DeclaredIam``.
/// Client quotas, when managed, are exhaustive too: every stored value the files do not declare
/// is removed.
public struct DeclaredPolicy: Sendable, Equatable {
    public var users: DeclaredUsers?
    public var acls: Set<AclBinding>?
    public var networkRules: Set<NetworkRule>?
    /// nil when the files mention no IAM policy, user or role.
    public var iam: DeclaredIam?
    /// Every value of every client quota; one entity and key at most once.
    public var quotas: [ClientQuota]?

    public init(
        users: DeclaredUsers? = nil, acls: Set<AclBinding>? = nil, networkRules: Set<NetworkRule>? = nil, iam: DeclaredIam? = nil,
        quotas: [ClientQuota]? = nil
    ) {
        self.users = users
        self.acls = acls
        self.networkRules = networkRules
        self.iam = iam
        self.quotas = quotas
    }

    /// The first thing the store would refuse, checked before anything is written: a
    /// ``PolicyStoreError``, or an ``IamStoreError`` for the IAM part. Public so that the policy
    /// file reader's fuzzer can hold it to refusing, with a file and line, all that the store would.
    public func validate() throws {
        try validateKafkaPart()
        try iam?.validate()
    }

    private func validateKafkaPart() throws(PolicyStoreError) {
        for user in users?.users.values.sorted(by: { $0.name < $1.name }) ?? [] {
            try PrincipalName.validate(user.name)
            try PrincipalName.requireUnreserved(user.name)
        }
        for binding in acls?.sorted() ?? [] {
            if let problem = binding.storageProblem { throw .invalidAcl(problem) }
        }
        for rule in networkRules?.sorted() ?? [] {
            if let problem = rule.storageProblem { throw .invalidNetworkRule(problem) }
        }
        var quotaKeys: Set<[String]> = []
        for quota in quotas?.sorted() ?? [] {
            if let problem = quota.problemForStore { throw .invalidClientQuota(problem) }
            guard quotaKeys.insert([quota.entity.description, quota.key.rawValue]).inserted else {
                throw .invalidClientQuota("\(quota.key.rawValue) of \(quota.entity) is declared twice")
            }
        }
    }
}

/// The users a set of files declares, by name (without `User:`).
public struct DeclaredUsers: Sendable, Equatable {
    public var users: [String: DeclaredUser]
    /// Whether a store user the files do not list is removed (with its credentials).
    public var removesUnlisted: Bool

    /// Of two users with one name, the last one given counts.
    public init(_ users: [DeclaredUser], removesUnlisted: Bool) {
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.removesUnlisted = removesUnlisted
    }
}

/// A user as files declare it: its state, never a secret.
public struct DeclaredUser: Sendable, Hashable {
    public let name: String
    public let enabled: Bool
    public let superUser: Bool

    public init(name: String, enabled: Bool = true, superUser: Bool = false) {
        self.name = name
        self.enabled = enabled
        self.superUser = superUser
    }

    /// `User:NAME`, as Kafka writes principals.
    public var kafkaPrincipal: String { "User:\(name)" }
}
