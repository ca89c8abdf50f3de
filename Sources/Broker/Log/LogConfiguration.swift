import KafkaProtocol
import KeyManagement

/// The settings of one partition's log, under Apache Kafka's topic-config
/// names and with Kafka's defaults.
public struct LogConfiguration: Hashable, Sendable {
    /// `segment.bytes` (default 1 GiB): a segment is rolled before an append
    /// would take it past this size. At most `Int32.max`, as in Kafka, which
    /// also keeps every file position within the index's 32 bits.
    public var segmentBytes: Int = 1 << 30
    /// `segment.ms` (default 7 days): a segment is rolled once the batch being
    /// appended is this much newer than the segment's first batch.
    public var segmentMs: Int64 = 7 * 24 * 3_600_000
    /// `retention.bytes` (default -1, unlimited): the oldest segments are
    /// deleted while the log would still hold at least this much without them.
    public var retentionBytes: Int64 = -1
    /// `retention.ms` (default 7 days; -1 keeps forever): a segment is deleted
    /// once its newest record timestamp is older than this.
    public var retentionMs: Int64 = 7 * 24 * 3_600_000
    /// `index.interval.bytes` (default 4096): how many log bytes lie between
    /// two entries of the sparse offset index.
    public var indexIntervalBytes: Int = 4096
    /// `max.message.bytes` (default 1048588): the largest record batch accepted.
    public var maxMessageBytes: Int = 1_048_588
    /// `message.timestamp.type` (default CreateTime): with LogAppendTime the
    /// log stamps each batch with the time it was appended.
    public var messageTimestampType: RecordTimestampType = .createTime
    /// `producer.id.expiration.ms` (a broker setting in Kafka; default 1 day):
    /// an idle producer's state is forgotten after this long.
    public var producerIdExpirationMs: Int64 = 24 * 3_600_000

    public init() {}

    /// Throws unless every value is within the range Kafka allows (and the
    /// 32-bit file positions of the index need).
    public func validate() throws(LogError) {
        let overhead = LogEntryHeader.length + EnvelopeCipher.overhead
        try Self.require(segmentBytes >= 14 && segmentBytes <= Int(Int32.max), "segment.bytes", segmentBytes)
        try Self.require(segmentMs >= 1, "segment.ms", segmentMs)
        try Self.require(retentionBytes >= -1, "retention.bytes", retentionBytes)
        try Self.require(retentionMs >= -1, "retention.ms", retentionMs)
        try Self.require(indexIntervalBytes >= 0, "index.interval.bytes", indexIntervalBytes)
        try Self.require(
            maxMessageBytes >= 0 && maxMessageBytes <= Int(Int32.max) - overhead, "max.message.bytes", maxMessageBytes
        )
        try Self.require(producerIdExpirationMs >= 1, "producer.id.expiration.ms", producerIdExpirationMs)
    }

    private static func require(_ condition: Bool, _ name: String, _ value: some BinaryInteger) throws(LogError) {
        guard condition else { throw .invalidConfiguration(name: name, value: "\(value)") }
    }
}
