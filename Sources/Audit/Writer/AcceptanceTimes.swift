/// When each record outstanding in the audit queue was accepted, oldest
/// first. Records are written in the order they were accepted, so the
/// written ones always leave from the front.
struct AcceptanceTimes {
    private var times: [ContinuousClock.Instant] = []
    /// Where the outstanding part begins; the slots before it are written.
    private var start = 0

    var oldest: ContinuousClock.Instant? { start < times.count ? times[start] : nil }

    mutating func append(_ time: ContinuousClock.Instant) {
        times.append(time)
    }

    /// Forgets the `count` oldest. The written slots are dropped once they
    /// are at least half the array, so both operations stay O(1) amortised.
    mutating func removeOldest(_ count: Int) {
        start += count
        if start * 2 >= times.count {
            times.removeFirst(start)
            start = 0
        }
    }
}
