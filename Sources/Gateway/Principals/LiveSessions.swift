import NIOCore
import Synchronization

/// The gateway's open client connections, each with a way to make it check
/// its principal again, and a way to make it finish and close (shutdown),
/// on its own event loop.
final class LiveSessions: Sendable {
    private let connections = Mutex<[ObjectIdentifier: Callbacks]>([:])

    private struct Callbacks {
        let revalidate: @Sendable () -> Void
        let drain: @Sendable () -> Void
    }

    func register(_ id: ObjectIdentifier, revalidate: @escaping @Sendable () -> Void, drain: @escaping @Sendable () -> Void) {
        connections.withLock { $0[id] = Callbacks(revalidate: revalidate, drain: drain) }
    }

    func unregister(_ id: ObjectIdentifier) {
        _ = connections.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { connections.withLock { $0.count } }

    func revalidateAll() {
        for callbacks in connections.withLock({ Array($0.values) }) { callbacks.revalidate() }
    }

    /// Asks every open connection to answer what it has read and close.
    func drainAll() {
        for callbacks in connections.withLock({ Array($0.values) }) { callbacks.drain() }
    }
}
