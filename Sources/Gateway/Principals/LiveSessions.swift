import NIOCore
import Synchronization

/// The authenticated connections of the gateway, each with a way to make it
/// check its principal again on its own event loop.
final class LiveSessions: Sendable {
    private let revalidators = Mutex<[ObjectIdentifier: @Sendable () -> Void]>([:])

    func register(_ id: ObjectIdentifier, revalidate: @escaping @Sendable () -> Void) {
        revalidators.withLock { $0[id] = revalidate }
    }

    func unregister(_ id: ObjectIdentifier) {
        _ = revalidators.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { revalidators.withLock { $0.count } }

    func revalidateAll() {
        for revalidate in revalidators.withLock({ Array($0.values) }) { revalidate() }
    }
}
