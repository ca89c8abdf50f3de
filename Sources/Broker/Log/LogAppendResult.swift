/// Where an append put its batches, as a produce response reports it.
public struct LogAppendResult: Hashable, Sendable {
    /// The offset of the first record appended.
    public var baseOffset: Int64
    /// The offset of the last record appended; pass it to `flush(through:)` for acks=-1.
    public var lastOffset: Int64
    /// The time the log stamped the batches with under LogAppendTime; -1 under CreateTime.
    public var logAppendTime: Int64
    public var logStartOffset: Int64

    public init(baseOffset: Int64, lastOffset: Int64, logAppendTime: Int64, logStartOffset: Int64) {
        self.baseOffset = baseOffset
        self.lastOffset = lastOffset
        self.logAppendTime = logAppendTime
        self.logStartOffset = logStartOffset
    }
}
