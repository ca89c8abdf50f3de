/// A log that is shipped: its complete lines in batches from a position, and
/// how much is written past one. The decision log is one; another (the
/// service log) needs only its own reader.
protocol LogSource: Sendable {
    /// The next batch from `position` (the log's beginning when nil) within `limits`,
    /// or nil when nothing complete is there yet.
    func batch(from position: LogPosition?, limits: BatchLimits) throws -> LogBatch?
    /// Bytes written after `position`, complete lines or not.
    func pendingBytes(after position: LogPosition?) throws -> Int
}
