import Synchronization

/// The gateway-wide budget for request bytes held in partly received frames.
///
/// A connection reserves a frame's whole announced size when it starts to
/// gather it and keeps reading until the frame is complete; one that cannot
/// reserve stops reading until a release makes room. Reserving whole frames
/// (rather than bytes as they come) means a connection that holds a
/// reservation never waits for another, so connections cannot deadlock on
/// the budget, and the memory held stays under the limit whatever the
/// number of slow clients.
final class RequestMemoryBudget: Sendable {
    let limit: Int
    private let state = Mutex(State())

    private struct State {
        var inUse = 0
        /// Connections waiting for room, each with the way to wake it.
        var waiting: [ObjectIdentifier: @Sendable () -> Void] = [:]
    }

    init(limit: Int) {
        self.limit = limit
    }

    var inUse: Int { state.withLock { $0.inUse } }

    /// Reserves `bytes` for `owner`, or returns false and calls `wake` (once,
    /// from the releasing thread) when a release has made room to try again.
    func reserve(_ bytes: Int, for owner: ObjectIdentifier, wake: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard state.inUse + bytes <= limit else {
                state.waiting[owner] = wake
                return false
            }
            state.inUse += bytes
            state.waiting[owner] = nil
            return true
        }
    }

    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        let waking = state.withLock { state in
            state.inUse -= bytes
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for wake in waking { wake() }
    }

    /// A connection that closed while waiting is no longer woken.
    func stopWaiting(_ owner: ObjectIdentifier) {
        _ = state.withLock { $0.waiting.removeValue(forKey: owner) }
    }
}
