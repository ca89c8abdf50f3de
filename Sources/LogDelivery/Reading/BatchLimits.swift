/// How much one request to a destination may carry.
struct BatchLimits: Sendable, Equatable {
    var maximumBytes: Int
    var maximumRecords: Int
    /// Bytes a destination counts per record on top of the line (26 for CloudWatch Logs, the partition key for Kinesis).
    var overheadPerRecord: Int = 0

    /// The tighter of two limits, e.g. the configured batch size and a destination's API limits.
    func capped(atBytes bytes: Int) -> BatchLimits {
        BatchLimits(maximumBytes: min(maximumBytes, bytes), maximumRecords: maximumRecords, overheadPerRecord: overheadPerRecord)
    }

    /// How many of `lengths` (line lengths, in order) fit in one batch: at least
    /// one, so that a line larger than the limit still goes, alone.
    func count(fitting lengths: some Sequence<Int>) -> Int {
        var count = 0
        var bytes = 0
        for length in lengths {
            let size = length + overheadPerRecord
            guard count < maximumRecords, count == 0 || bytes + size <= maximumBytes else { break }
            bytes += size
            count += 1
        }
        return count
    }
}
