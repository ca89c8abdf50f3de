/// Allows `rate` events per second on average and up to a second's worth
/// at once; refilled from the time passed, never by a timer.
struct TokenBucket {
    private(set) var rate: Double
    private var tokens: Double
    private var updatedAt: Int64

    init(rate: Double, now: Int64) {
        self.rate = rate
        tokens = rate
        updatedAt = now
    }

    /// Takes one token if there is one.
    mutating func take(at now: Int64, rate newRate: Double) -> Bool {
        rate = newRate
        tokens = min(rate, tokens + Double(max(0, now - updatedAt)) / 1e9 * rate)
        updatedAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Whether it has been full for a while, so that forgetting it changes nothing.
    func isFull(at now: Int64) -> Bool {
        tokens + Double(max(0, now - updatedAt)) / 1e9 * rate >= rate
    }
}
