/// Complete lines of one log file, delivered together: `start` is where the
/// first begins, `end` just after the last one's newline (the next cursor).
public struct LogBatch: Sendable, Equatable {
    public var start: LogPosition
    public var lines: [LogLine]
    /// Set when a limit, not the end of what is written, ended the batch: send it now.
    public var isFull: Bool

    public var end: LogPosition {
        LogPosition(file: start.file, offset: start.offset + lines.reduce(0) { $0 + $1.bytes.count + 1 })
    }
}

/// A decision-log line without its newline, and its record's time (for CloudWatch events and lag).
public struct LogLine: Sendable, Equatable {
    public var bytes: [UInt8]
    public var millisecondsSinceEpoch: Int64
}
