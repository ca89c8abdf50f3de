import Authorization

/// The IAM part of a ``DeclaredPolicy``: policy documents and where they are attached. Access
/// keys and session credentials are never declared: secrets do not belong in files.
///
/// - `policies` nil: the files do not manage documents (no `iam/` directory); attachments must
///   then name policies the store holds. Non-nil: the store's documents become exactly these,
///   except that a policy the files do not declare is kept while it is attached to a user or
///   role the files do not declare (removing it would silently change the access of an identity
///   the files do not manage); ``PolicyDrift/iamPoliciesKept`` names such policies.
/// - `users`, `roles`: each declared identity is created when missing and its attachments become
///   exactly the listed policies. Identities not declared are left alone, with their keys,
///   sessions and attachments (removing one would remove its access keys, which files never hold).
public struct DeclaredIam: Sendable, Equatable {
    /// Policy name → the document's text, stored as given.
    public var policies: [String: String]?
    /// IAM user name → the policies attached to it.
    public var users: [String: Set<String>]
    /// IAM role name → the policies attached to it.
    public var roles: [String: Set<String>]

    public init(policies: [String: String]? = nil, users: [String: Set<String>] = [:], roles: [String: Set<String>] = [:]) {
        self.policies = policies
        self.users = users
        self.roles = roles
    }

    /// Every attachment declared, as (policy, target), sorted.
    var attachments: Set<IamAttachment> {
        Set(users.flatMap { user, names in names.map { IamAttachment(policy: $0, target: .user(user)) } }
            + roles.flatMap { role, names in names.map { IamAttachment(policy: $0, target: .role(role)) } })
    }

    /// The first name or document the store would refuse, checked before anything is written:
    /// names under IAM's rules, documents with the evaluator's own parser (the problem names the
    /// statement), and, when documents are declared, attachments naming only declared policies.
    func validate() throws(IamStoreError) {
        for (name, document) in (policies ?? [:]).sorted(by: { $0.key < $1.key }) {
            try IamName.validate(name, .policy)
            let size = document.utf8.count
            guard size > 0, size <= PolicyStore.maximumIamPolicyDocumentByteCount else {
                throw .invalidPolicyDocument("policy \(name) is \(size) bytes; it must be 1 to \(PolicyStore.maximumIamPolicyDocumentByteCount)")
            }
            do {
                _ = try IamPolicyDocument(text: document)
            } catch {
                throw .invalidPolicyDocument("policy \(name): \(error)")
            }
        }
        for user in users.keys.sorted() { try IamName.validate(user, .user) }
        for role in roles.keys.sorted() { try IamName.validate(role, .role) }
        for attachment in attachments.sorted() {
            try IamName.validate(attachment.policy, .policy)
            if let policies, policies[attachment.policy] == nil { throw .unknownPolicy(attachment.policy) }
        }
    }
}

/// A policy attached to a user or a role.
public struct IamAttachment: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let policy: String
    public let target: IamPolicyTarget

    public init(policy: String, target: IamPolicyTarget) {
        self.policy = policy
        self.target = target
    }

    /// By policy, then users before roles, then name (the store's order).
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.policy, lhs.target.sortKey) < (rhs.policy, rhs.target.sortKey)
    }

    /// `orders-writer to user/orders-service`
    public var description: String { "\(policy) to \(target)" }
}

/// A declared policy document.
public struct DeclaredIamPolicy: Sendable, Hashable {
    public let name: String
    public let document: String

    public init(name: String, document: String) {
        self.name = name
        self.document = document
    }
}

/// A policy the files no longer declare but `apply` keeps: it is attached to identities the
/// files do not declare.
public struct KeptIamPolicy: Sendable, Hashable {
    public let name: String
    public let attachedTo: [IamPolicyTarget]

    public init(name: String, attachedTo: [IamPolicyTarget]) {
        self.name = name
        self.attachedTo = attachedTo
    }
}

extension IamPolicyTarget {
    fileprivate var sortKey: String {
        switch self {
        case .user(let name): "0" + name
        case .role(let name): "1" + name
        }
    }
}
