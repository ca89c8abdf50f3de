/// Lets a repeated warning through at most once per `interval` for each key,
/// counting the repeats it held back. A full disk fails every produce to a
/// partition; one line per failure would flood the log, and the disk too when
/// the log shares it.
struct WarningRateLimiter<Key: Hashable & Sendable>: Sendable {
    let interval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private var lastLogged: [Key: (at: ContinuousClock.Instant, heldBack: Int)] = [:]

    init(interval: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.interval = interval
        self.now = now
    }

    /// Nil when the warning is held back; otherwise it is to be logged, and
    /// the value is how many repeats were held back since the last one logged.
    mutating func admit(_ key: Key) -> Int? {
        let time = now()
        if var last = lastLogged[key], time - last.at < interval {
            last.heldBack += 1
            lastLogged[key] = last
            return nil
        }
        let heldBack = lastLogged[key]?.heldBack ?? 0
        lastLogged[key] = (time, 0)
        return heldBack
    }
}
