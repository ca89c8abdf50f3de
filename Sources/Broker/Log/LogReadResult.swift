import NIOCore

/// Batches read from a log, with the offsets a fetch response reports beside them.
public struct LogReadResult: Sendable {
    /// Whole decrypted v2 record batches, in offset order, as the producer
    /// sent them but for the offsets (and append time) the log assigned.
    /// The first one holds the offset asked for and may begin before it.
    public var batches: [ByteBuffer]
    public var highWatermark: Int64
    public var logStartOffset: Int64

    public init(batches: [ByteBuffer], highWatermark: Int64, logStartOffset: Int64) {
        self.batches = batches
        self.highWatermark = highWatermark
        self.logStartOffset = logStartOffset
    }
}
