import PolicyStore
import Synchronization

/// The policy the gateway decides with: an immutable snapshot of the policy
/// store, replaced whole when the store changes, so the request path never
/// touches the database and no decision sees half of a change.
public final class PolicyHolder: Sendable {
    private let snapshot: Mutex<PolicySnapshot>
    let sessions = LiveSessions()

    public init(_ initial: PolicySnapshot = .empty) {
        self.snapshot = Mutex(initial)
    }

    public var current: PolicySnapshot { snapshot.withLock { $0 } }

    /// Installs a new snapshot and has every open session check its principal
    /// against it; a removed or disabled principal's connections are closed.
    public func replace(with newSnapshot: PolicySnapshot) {
        let changed = snapshot.withLock { current in
            defer { current = newSnapshot }
            return current != newSnapshot
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
