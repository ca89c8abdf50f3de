import KafkaProtocol
import NIOCore

/// The plaintext header in front of each sealed batch in a segment's `.log`.
///
/// It holds the batch's metadata — offsets, timestamps, producer id, epoch
/// and sequence, record count, attributes and the sealed length — so the log
/// can index, recover and track producers without the data key. None of it
/// is record content: keys, values and headers exist only inside the sealed
/// bytes. The header is also part of the associated data the batch is sealed
/// with, so a header that was altered makes its batch fail to open.
///
/// Layout (big-endian, 53 bytes):
///
///     0  sync marker "PCLE"   4      27 producerId       8
///     4  format version (1)   1      35 producerEpoch    2
///     5  batch attributes     2      37 baseSequence     4
///     7  baseOffset           8      41 recordsCount     4
///    15  lastOffsetDelta      4      45 sealedLength     4
///    19  maxTimestamp         8      49 CRC-32C of 0..<49 4
///
/// The marker lets recovery find the next entry after a garbled header; the
/// CRC tells a torn or garbled header from a whole one.
struct LogEntryHeader: Hashable, Sendable {
    static let length = 53
    static let syncMarker: UInt32 = 0x5043_4C45  // "PCLE"
    static let formatVersion: UInt8 = 1
    private static let checksummedLength = 49

    var attributes: Int16
    var baseOffset: Int64
    var lastOffsetDelta: Int32
    var maxTimestamp: Int64
    var producerId: Int64
    var producerEpoch: Int16
    var baseSequence: Int32
    var recordsCount: Int32
    /// The bytes of the sealed batch that follow the header.
    var sealedLength: Int32

    var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }
    var nextOffset: Int64 { lastOffset + 1 }
    var entryLength: Int { Self.length + Int(sealedLength) }
    var isControl: Bool { attributes & 0x20 != 0 }

    /// The header of `batch` once sealed into `sealedLength` bytes.
    init(batch: RecordBatch, sealedLength: Int32) {
        self.attributes = batch.attributes
        self.baseOffset = batch.baseOffset
        self.lastOffsetDelta = batch.lastOffsetDelta
        self.maxTimestamp = batch.maxTimestamp
        self.producerId = batch.producerId
        self.producerEpoch = batch.producerEpoch
        self.baseSequence = batch.baseSequence
        self.recordsCount = batch.recordsCount
        self.sealedLength = sealedLength
    }

    /// Writes the 53 header bytes.
    func write(to buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeInteger(Self.syncMarker)
        buffer.writeInteger(Self.formatVersion)
        buffer.writeInteger(attributes)
        buffer.writeInteger(baseOffset)
        buffer.writeInteger(lastOffsetDelta)
        buffer.writeInteger(maxTimestamp)
        buffer.writeInteger(producerId)
        buffer.writeInteger(producerEpoch)
        buffer.writeInteger(baseSequence)
        buffer.writeInteger(recordsCount)
        buffer.writeInteger(sealedLength)
        let checksum = CRC32C.checksum(buffer.getSlice(at: start, length: Self.checksummedLength)!)
        buffer.writeInteger(checksum)
    }

    var bytes: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Self.length)
        write(to: &buffer)
        return buffer
    }

    /// Reads a header from the first 53 readable bytes, or returns nil when
    /// they are not a whole, intact header of this format (short, wrong
    /// marker or version, CRC mismatch, negative lengths).
    static func parse(_ bytes: ByteBuffer) -> LogEntryHeader? {
        guard bytes.readableBytes >= length else { return nil }
        let start = bytes.readerIndex
        guard bytes.getInteger(at: start, as: UInt32.self) == syncMarker,
              bytes.getInteger(at: start + 4, as: UInt8.self) == formatVersion,
              bytes.getInteger(at: start + checksummedLength, as: UInt32.self)
                  == CRC32C.checksum(bytes.getSlice(at: start, length: checksummedLength)!)
        else { return nil }
        let header = LogEntryHeader(
            attributes: bytes.getInteger(at: start + 5)!,
            baseOffset: bytes.getInteger(at: start + 7)!,
            lastOffsetDelta: bytes.getInteger(at: start + 15)!,
            maxTimestamp: bytes.getInteger(at: start + 19)!,
            producerId: bytes.getInteger(at: start + 27)!,
            producerEpoch: bytes.getInteger(at: start + 35)!,
            baseSequence: bytes.getInteger(at: start + 37)!,
            recordsCount: bytes.getInteger(at: start + 41)!,
            sealedLength: bytes.getInteger(at: start + 45)!
        )
        guard header.lastOffsetDelta >= 0, header.sealedLength >= 0, header.baseOffset >= 0,
              header.baseOffset < Int64.max - Int64(Int32.max)
        else { return nil }
        return header
    }

    private init(
        attributes: Int16, baseOffset: Int64, lastOffsetDelta: Int32, maxTimestamp: Int64, producerId: Int64,
        producerEpoch: Int16, baseSequence: Int32, recordsCount: Int32, sealedLength: Int32
    ) {
        self.attributes = attributes
        self.baseOffset = baseOffset
        self.lastOffsetDelta = lastOffsetDelta
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordsCount = recordsCount
        self.sealedLength = sealedLength
    }
}
