/// The answer to a ListOffsets lookup by timestamp: the first record at or
/// after the time asked for, and that record's timestamp.
public struct TimestampAndOffset: Hashable, Sendable {
    public var timestamp: Int64
    public var offset: Int64

    public init(timestamp: Int64, offset: Int64) {
        self.timestamp = timestamp
        self.offset = offset
    }
}
