import Foundation

/// The IAM part of a ``PolicySnapshot``: identities, their keys (secrets sealed), policy
/// documents and where they are attached. Read whole or not at all, like the ACLs: a row that
/// does not read back exactly fails the snapshot. Expired session credentials stay in it until
/// they are purged (`authctl iam session purge`); the gateway refuses them by time.
public struct IamSnapshot: Sendable, Equatable {
    public let users: [String: IamUser]
    public let roles: [String: IamRole]
    /// Every access key and session credential, by access key id.
    public let accessKeys: [String: IamAccessKey]
    /// Policy name → the document's text as stored.
    public let policies: [String: String]
    /// User name → the names of the policies attached to it, sorted.
    public let userPolicies: [String: [String]]
    /// Role name → the names of the policies attached to it, sorted.
    public let rolePolicies: [String: [String]]

    public init(
        users: [String: IamUser] = [:], roles: [String: IamRole] = [:], accessKeys: [String: IamAccessKey] = [:],
        policies: [String: String] = [:], userPolicies: [String: [String]] = [:], rolePolicies: [String: [String]] = [:]
    ) {
        self.users = users
        self.roles = roles
        self.accessKeys = accessKeys
        self.policies = policies
        // Sorted, so that snapshots of the same policy are equal however they were built.
        self.userPolicies = userPolicies.mapValues { $0.sorted() }
        self.rolePolicies = rolePolicies.mapValues { $0.sorted() }
    }

    public static let empty = IamSnapshot()

    /// The key `accessKeyId` names when it may authenticate at `date`: enabled, not expired.
    public func usableAccessKey(_ accessKeyId: String, at date: Date) -> IamAccessKey? {
        guard let key = accessKeys[accessKeyId], key.enabled, !key.isExpired(at: date) else { return nil }
        return key
    }

    /// The documents of the policies attached to the key's owner (a session: its role's), by name.
    public func policyDocuments(for owner: IamKeyOwner) -> [String: String] {
        let names: [String]
        switch owner {
        case .user(let user): names = userPolicies[user] ?? []
        case .roleSession(let role, _): names = rolePolicies[role] ?? []
        }
        return Dictionary(uniqueKeysWithValues: names.compactMap { name in policies[name].map { (name, $0) } })
    }
}
