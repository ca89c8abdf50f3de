/// The principal an ACL is for: `User:NAME`, or `User:*` for every user
/// (ANONYMOUS included, as in Kafka). Only the `User` type exists: every way
/// of authenticating to the gateway makes a user principal.
public enum AclPrincipal: Sendable, Hashable, Comparable, CustomStringConvertible {
    case user(String)
    case anyUser

    public static let typePrefix = "User:"

    /// Parses `User:NAME` or `User:*`; nil for another type or an empty name.
    public init?(parsing text: String) {
        guard text.hasPrefix(Self.typePrefix) else { return nil }
        let name = String(text.dropFirst(Self.typePrefix.count))
        if name == "*" {
            self = .anyUser
        } else if name.isEmpty {
            return nil
        } else {
            self = .user(name)
        }
    }

    public var description: String {
        switch self {
        case .user(let name): Self.typePrefix + name
        case .anyUser: Self.typePrefix + "*"
        }
    }

    /// Whether this ACL principal stands for the authenticated user `name`.
    public func matches(userName name: String) -> Bool {
        switch self {
        case .user(let own): own == name
        case .anyUser: true
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}
