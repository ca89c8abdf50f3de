import Authorization
import Foundation

/// The gateway's own authorization settings, in Kafka's names: who is exempt
/// from ACLs, and what a resource without any ACL means; and for IAM
/// principals, the cluster their policies name.
public struct AuthorizationSettings: Sendable, Equatable {
    /// `super.users`: bare principal names (`admin` for `User:admin`). Store
    /// principals flagged as super users are added to them.
    public var superUsers: Set<String>
    /// `allow.everyone.if.no.acl.found`: false (Kafka's default) denies a
    /// resource no ACL names.
    public var allowEveryoneIfNoAclFound: Bool
    /// The `iam.*` settings: the ARNs IAM policies name, and how tokens are checked.
    public var iam = IamSettings()

    public init(superUsers: Set<String> = [], allowEveryoneIfNoAclFound: Bool = false) {
        self.superUsers = superUsers
        self.allowEveryoneIfNoAclFound = allowEveryoneIfNoAclFound
    }
}

extension AuthorizationSettings {
    /// An entry of `super.users` that is not a `User:NAME` principal.
    public struct InvalidSuperUser: Error, Equatable, CustomStringConvertible {
        public let entry: String
        public var description: String { "super.users takes User:NAME entries separated by ';', got '\(entry)'" }
    }

    /// Kafka's `super.users` syntax: `User:NAME` entries separated by `;`
    /// (names may hold commas: a certificate principal is a DN); bare names.
    public static func superUsers(parsing text: String) throws(InvalidSuperUser) -> Set<String> {
        var names: Set<String> = []
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard case .user(let name) = AclPrincipal(parsing: entry) else { throw InvalidSuperUser(entry: entry) }
            names.insert(name)
        }
        return names
    }
}
