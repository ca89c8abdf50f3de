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

    /// The one user this principal names; nil for every user. `.user("*")`,
    /// which parsing never makes, counts as `User:*`, since Kafka compares the text.
    var userName: String? {
        switch self {
        case .user(let name): name == "*" ? nil : name
        case .anyUser: nil
        }
    }

    /// Whether this ACL principal stands for the authenticated user `name`
    /// (names compared byte for byte, as Kafka does).
    public func matches(userName name: String) -> Bool {
        userName.map { $0.isExactly(name) } ?? true
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}
