import Foundation

/// A principal the store knows, `User:NAME` on the wire. Carries no credential.
public struct Principal: Sendable, Equatable, Hashable {
    /// NAME without the `User:` prefix.
    public let name: String
    /// A disabled principal keeps its credentials but must not authenticate or keep a session.
    public let enabled: Bool
    /// Allowed every operation on every resource, as in Kafka's `super.users`.
    public let superUser: Bool
    public let createdAt: Date

    public init(name: String, enabled: Bool, superUser: Bool, createdAt: Date) {
        self.name = name
        self.enabled = enabled
        self.superUser = superUser
        self.createdAt = createdAt
    }

    /// `User:NAME`, as Kafka writes principals.
    public var kafkaPrincipal: String { "User:\(name)" }
}
