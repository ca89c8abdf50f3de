import NIOCore

/// One record batch of Kafka's message format v2 (magic 2): the unit that
/// producers send, brokers store and consumers fetch.
///
/// The records stay as the batch's raw bytes, so a batch can be inspected
/// and forwarded without copying or decompressing them; `decodeRecords()`
/// reads them when they must be looked at. `baseOffset` and
/// `partitionLeaderEpoch` lie outside the CRC, so a broker may assign them;
/// every other field is fixed once the checksum has been computed.
public struct RecordBatch: Hashable, Sendable {
    /// The message format this type reads and writes.
    public static let magic: Int8 = 2
    /// baseOffset and batchLength: the bytes before those batchLength counts.
    static let logOverhead = 12
    /// Where magic sits, read before anything else so older formats are named as such.
    static let magicOffset = 16
    /// The header bytes batchLength covers: partitionLeaderEpoch through recordsCount.
    static let minimumBatchLength = 49
    /// The most records bytes a batchLength (Int32) can describe.
    static let maximumRecordsLength = Int(Int32.max) - minimumBatchLength

    public var baseOffset: Int64
    public var partitionLeaderEpoch: Int32
    /// CRC-32C of everything from `attributes` to the end of the batch, as read or computed.
    public private(set) var crc: UInt32
    /// Bits 0-2 compression codec, 3 timestamp type, 4 transactional, 5 control,
    /// 6 delete horizon; see the computed helpers.
    public let attributes: Int16
    public let lastOffsetDelta: Int32
    public let baseTimestamp: Int64
    public let maxTimestamp: Int64
    public let producerId: Int64
    public let producerEpoch: Int16
    public let baseSequence: Int32
    public let recordsCount: Int32
    /// The records section as it is on the wire; compressed unless `compression` is `.none`.
    public let records: ByteBuffer

    /// The bytes after the batchLength field.
    public var batchLength: Int32 {
        Int32(Self.minimumBatchLength + self.records.readableBytes)
    }

    /// A batch whose `records` are already encoded (and compressed if
    /// `attributes` says so); computes the CRC.
    public init(
        baseOffset: Int64,
        partitionLeaderEpoch: Int32,
        attributes: Int16,
        lastOffsetDelta: Int32,
        baseTimestamp: Int64,
        maxTimestamp: Int64,
        producerId: Int64,
        producerEpoch: Int16,
        baseSequence: Int32,
        recordsCount: Int32,
        records: ByteBuffer
    ) throws(KafkaEncodingError) {
        guard records.readableBytes <= Self.maximumRecordsLength else {
            throw .tooLong(field: "records", length: records.readableBytes)
        }
        self.init(
            baseOffset: baseOffset, partitionLeaderEpoch: partitionLeaderEpoch, crc: 0,
            attributes: attributes, lastOffsetDelta: lastOffsetDelta,
            baseTimestamp: baseTimestamp, maxTimestamp: maxTimestamp,
            producerId: producerId, producerEpoch: producerEpoch, baseSequence: baseSequence,
            recordsCount: recordsCount, records: records
        )
        self.crc = self.computeChecksum()
    }

    /// The fields as read from the wire, CRC included; `records` must fit a batchLength.
    init(
        baseOffset: Int64,
        partitionLeaderEpoch: Int32,
        crc: UInt32,
        attributes: Int16,
        lastOffsetDelta: Int32,
        baseTimestamp: Int64,
        maxTimestamp: Int64,
        producerId: Int64,
        producerEpoch: Int16,
        baseSequence: Int32,
        recordsCount: Int32,
        records: ByteBuffer
    ) {
        self.baseOffset = baseOffset
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordsCount = recordsCount
        self.records = records
    }
}
