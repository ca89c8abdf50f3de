/// Bounds the log lines that refused connections cause, so that a flood of
/// connections from outside an allow-list does not become a flood in the
/// log: up to `burst` lines per `window`; the refusals past that are counted,
/// and the count goes with the next line logged.
struct RefusalLogLimiter {
    let burst: Int
    let window: Duration
    private var windowStart: ContinuousClock.Instant?
    private var loggedInWindow = 0
    private var suppressed = 0

    init(burst: Int = 20, window: Duration = .seconds(10)) {
        self.burst = burst
        self.window = window
    }

    /// Nil when this refusal is not to be logged; otherwise how many went unlogged before it.
    mutating func admit(at now: ContinuousClock.Instant) -> Int? {
        if let start = windowStart, now - start < window {
            guard loggedInWindow < burst else {
                suppressed += 1
                return nil
            }
        } else {
            windowStart = now
            loggedInWindow = 0
        }
        loggedInWindow += 1
        defer { suppressed = 0 }
        return suppressed
    }
}
