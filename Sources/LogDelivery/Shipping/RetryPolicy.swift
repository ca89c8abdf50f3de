/// Exponential backoff with jitter, capped: how long to wait before trying a
/// refused delivery again. A destination may be down for hours, so tries never
/// stop; only the wait between them is bounded.
struct RetryPolicy: Sendable, Equatable {
    var initialDelay: Duration = .milliseconds(200)
    var maximumDelay: Duration = .seconds(30)

    /// Between half and all of `initialDelay × 2^failures` (at most `maximumDelay`):
    /// the random half keeps many gateways from retrying in step.
    func delay(afterFailures failures: Int, random: (ClosedRange<Double>) -> Double = { .random(in: $0) }) -> Duration {
        let ceiling = min(maximumDelay, initialDelay * Double(1 << min(failures, 30)))
        return ceiling * random(0.5...1)
    }
}
