import Authentication
import Crypto

/// The whole policy at one instant: what the gateway caches and swaps atomically,
/// so that no decision sees half of a change.
public struct PolicySnapshot: Sendable, Equatable {
    /// Every principal, by name (without `User:`).
    public let principals: [String: Principal]
    /// Every stored SCRAM credential, by principal name and mechanism, whether or not the principal is enabled.
    public let scramCredentials: [String: [ScramMechanism: ScramCredential]]
    /// Keys the stand-in SCRAM credentials of unknown users; the same for as long as the store lives.
    public let unknownUserSecret: SymmetricKey

    public init(
        principals: [String: Principal],
        scramCredentials: [String: [ScramMechanism: ScramCredential]],
        unknownUserSecret: SymmetricKey = ScramServerExchange.processUnknownUserSecret
    ) {
        self.principals = principals
        self.scramCredentials = scramCredentials
        self.unknownUserSecret = unknownUserSecret
    }

    public static let empty = PolicySnapshot(principals: [:], scramCredentials: [:])

    public func principal(named name: String) -> Principal? {
        principals[name]
    }

    /// The credential a SCRAM exchange for `name` may be checked against: nil when the principal
    /// is unknown, disabled, or has no credential for `mechanism`.
    public func scramCredential(for name: String, mechanism: ScramMechanism) -> ScramCredential? {
        guard principals[name]?.enabled == true else { return nil }
        return scramCredentials[name]?[mechanism]
    }
}
