import NIOCore

/// Batches read from a log, with the offsets a fetch response reports beside them.
public struct LogReadResult: Sendable {
    /// Whole decrypted v2 record batches back to back, in offset order, as
    /// the producer sent them but for the offsets (and append time) the log
    /// assigned: a fetch response's records field as it is. The first batch
    /// holds the offset asked for and may begin before it.
    public let records: ByteBuffer
    /// The batches of `records`, each a slice of it.
    public let batches: [ByteBuffer]
    public let highWatermark: Int64
    public let logStartOffset: Int64

    /// `records` cut into batches of `batchLengths` bytes.
    init(records: ByteBuffer, batchLengths: [Int], highWatermark: Int64, logStartOffset: Int64) {
        var rest = records
        self.records = records
        self.batches = batchLengths.map { rest.readSlice(length: $0)! }
        self.highWatermark = highWatermark
        self.logStartOffset = logStartOffset
    }

    /// Nothing to serve.
    init(highWatermark: Int64, logStartOffset: Int64) {
        self.init(records: ByteBuffer(), batchLengths: [], highWatermark: highWatermark, logStartOffset: logStartOffset)
    }
}
