/// A rate measured as Kafka's quota managers measure it (`Rate` over a
/// `SampledStat`): `samples` consecutive windows of `sampleNanoseconds`
/// each; the rate is what the live windows hold over the time they span,
/// counted as at least `samples - 1` whole windows, so that a new client is
/// judged over the full span and a burst up to about that many windows'
/// worth is allowed before throttling starts.
struct SampledRate {
    private var values: [Double]
    /// When each window began; `Int64.min` for one never used.
    private var starts: [Int64]
    private var current = 0
    let sampleNanoseconds: Int64

    init(samples: Int, sampleNanoseconds: Int64) {
        precondition(samples >= 2 && sampleNanoseconds > 0)
        values = Array(repeating: 0, count: samples)
        starts = Array(repeating: .min, count: samples)
        self.sampleNanoseconds = sampleNanoseconds
    }

    private var samples: Int64 { Int64(values.count) }

    mutating func record(_ value: Double, at now: Int64) {
        if starts[current] == .min || now >= starts[current] + sampleNanoseconds {
            if starts[current] != .min { current = (current + 1) % values.count }
            values[current] = 0
            starts[current] = now
        }
        values[current] += value
    }

    /// Per second, at `now`.
    func rate(at now: Int64) -> Double {
        let (total, span) = measured(at: now)
        return total / (Double(span) / 1e9)
    }

    /// How long the client must wait for the rate to fall back to `limit`
    /// per second, as Kafka computes it: the excess over the limit, as a
    /// share of the limit, times the span measured; at most the whole span
    /// of the windows. Zero when within the limit.
    func throttleNanoseconds(limit: Double, at now: Int64) -> Int64 {
        let (total, span) = measured(at: now)
        let rate = total / (Double(span) / 1e9)
        guard rate > limit, limit > 0 else { return 0 }
        let wait = (rate - limit) / limit * Double(span)
        return Int64(min(wait, Double(samples * sampleNanoseconds)))
    }

    /// What the live windows hold, and the span they count for.
    private func measured(at now: Int64) -> (total: Double, span: Int64) {
        let expiry = now - samples * sampleNanoseconds
        var total = 0.0
        var oldest = now
        for index in values.indices where starts[index] != .min && starts[index] > expiry {
            total += values[index]
            oldest = min(oldest, starts[index])
        }
        var span = now - oldest
        let whole = span / sampleNanoseconds
        if whole < samples - 1 { span += (samples - 1 - whole) * sampleNanoseconds }
        return (total, max(span, 1))
    }

    /// Whether nothing was recorded in the span the rate looks at.
    func isIdle(at now: Int64) -> Bool {
        let expiry = now - samples * sampleNanoseconds
        return !starts.contains { $0 != .min && $0 > expiry }
    }
}
