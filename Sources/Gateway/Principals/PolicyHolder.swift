import PolicyStore
import Synchronization

/// The policy the gateway decides with: an immutable snapshot of the policy
/// store and the authorizer built from it, replaced whole when the store
/// changes, so the request path never touches the database and no decision
/// sees half of a change.
public final class PolicyHolder: Sendable {
    private let policy: Mutex<GatewayPolicy>
    let settings: AuthorizationSettings
    let sessions = LiveSessions()

    public init(_ initial: PolicySnapshot = .empty, settings: AuthorizationSettings = AuthorizationSettings()) {
        self.settings = settings
        self.policy = Mutex(GatewayPolicy(initial, settings: settings))
    }

    public var current: GatewayPolicy { policy.withLock { $0 } }

    /// Installs a new snapshot and has every open session check its principal
    /// against it; a removed or disabled principal's connections are closed.
    /// The authorizer's index is built here, before the swap, not on an event loop.
    public func replace(with newSnapshot: PolicySnapshot) {
        let next = GatewayPolicy(newSnapshot, settings: settings)
        let changed = policy.withLock { current in
            defer { current = next }
            return current.snapshot != newSnapshot
        }
        if changed { sessions.revalidateAll() }
    }

    /// Follows the store until cancelled, installing each new snapshot.
    public func follow(_ store: PolicyStore) async throws {
        for try await snapshot in store.snapshots() {
            replace(with: snapshot)
        }
    }
}
