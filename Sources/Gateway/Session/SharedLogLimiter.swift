import Synchronization

/// A `RefusalLogLimiter` shared by the connections of a listener, which run
/// on several event loops: failed authentications are bounded per listener
/// as refused connections are.
final class SharedLogLimiter: Sendable {
    private let limiter = Mutex(RefusalLogLimiter())

    /// Nil when this line is not to be logged; otherwise how many went unlogged before it.
    func admit() -> Int? {
        limiter.withLock { $0.admit(at: .now) }
    }
}
