import Authentication
import Authorization
import Crypto

/// The whole policy at one instant: what the gateway caches and swaps atomically,
/// so that no decision sees half of a change.
///
/// It never holds ``PrincipalName/anonymous`` or its credentials: a row of that name could predate the
/// name's reservation, and the gateway must neither admit a client as it nor let one authenticate as it.
public struct PolicySnapshot: Sendable, Equatable {
    /// Every principal but ``PrincipalName/anonymous``, by name (without `User:`).
    public let principals: [String: Principal]
    /// Every stored SCRAM credential, by principal name and mechanism, whether or not the principal is enabled.
    public let scramCredentials: [String: [ScramMechanism: ScramCredential]]
    /// Every ACL, sorted. A snapshot holds all of them or none: loading fails when any row cannot
    /// be read back exactly, since dropping a DENY would widen access (and dropping an ALLOW
    /// would narrow it without anyone knowing). The watcher's stream then ends with the error.
    /// ACLs for `User:ANONYMOUS` are kept: they are what clients that did not authenticate may do.
    public let acls: [AclBinding]
    /// Every topic network rule, sorted; all or none, as for ``acls``: a dropped rule would let
    /// in the clients it keeps out.
    public let networkRules: [NetworkRule]
    /// Keys the stand-in SCRAM credentials of unknown users; the same for as long as the store lives.
    public let unknownUserSecret: SymmetricKey
    /// IAM users, roles, access keys and session credentials, policy documents and attachments;
    /// all or none, as for ``acls``. Part of equality: a key disabled, deleted or revoked is a new
    /// snapshot, on which the gateway closes the sessions that authenticated with it.
    public let iam: IamSnapshot
    /// Client quotas (byte rates, request percentage, connection creation rates); part of
    /// equality, so a changed quota is a new snapshot the gateway's accounting picks up.
    public let quotas: ClientQuotas

    public init(
        principals: [String: Principal],
        scramCredentials: [String: [ScramMechanism: ScramCredential]],
        acls: [AclBinding] = [],
        networkRules: [NetworkRule] = [],
        unknownUserSecret: SymmetricKey = ScramServerExchange.processUnknownUserSecret,
        iam: IamSnapshot = .empty,
        quotas: ClientQuotas = .empty
    ) {
        self.principals = principals.filter { !PrincipalName.isReserved($0.key) }
        self.scramCredentials = scramCredentials.filter { !PrincipalName.isReserved($0.key) }
        // Sorted, so that snapshots of the same policy are equal however they were built.
        self.acls = acls.sorted()
        self.networkRules = networkRules.sorted()
        self.unknownUserSecret = unknownUserSecret
        self.iam = iam
        self.quotas = quotas
    }

    public static let empty = PolicySnapshot(principals: [:], scramCredentials: [:])

    /// The principal called `name`; nil for ``PrincipalName/anonymous``, whatever the store holds.
    public func principal(named name: String) -> Principal? {
        principals[name]
    }

    /// The credential a SCRAM exchange for `name` may be checked against: nil when the principal
    /// is unknown, disabled, or has no credential for `mechanism`.
    public func scramCredential(for name: String, mechanism: ScramMechanism) -> ScramCredential? {
        guard principal(named: name)?.enabled == true else { return nil }
        return scramCredentials[name]?[mechanism]
    }
}
