/// A log that is shipped: its complete lines in batches from a position, and
/// how much is written past one. The decision log and the service log are
/// ones (``LogFileSource`` over their files).
protocol LogSource: Sendable {
    /// The next batch from `position` (the log's beginning when nil) within `limits`,
    /// or nil when nothing complete is there yet.
    func batch(from position: LogPosition?, limits: BatchLimits) throws -> LogBatch?
    /// Bytes written after `position`, complete lines or not.
    func pendingBytes(after position: LogPosition?) throws -> Int
    /// Bytes between `old` and `new` (a later file) that were deleted before they
    /// were read, as far as the sizes last looked at tell; 0 when none were.
    func skippedBytes(from old: LogPosition, to new: LogPosition) -> Int
}
