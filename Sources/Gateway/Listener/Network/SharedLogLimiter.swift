import Synchronization

/// A `RefusalLogLimiter` shared by everything that refuses clients on one
/// listener (the allow-list at accept, failed authentications on its
/// connections), which run on several event loops: one bound on the log
/// lines a flood of refusals of any kind can cause.
final class SharedLogLimiter: Sendable {
    private let limiter = Mutex(RefusalLogLimiter())

    /// Nil when this line is not to be logged; otherwise how many went unlogged before it.
    func admit() -> Int? {
        limiter.withLock { $0.admit(at: .now) }
    }
}
