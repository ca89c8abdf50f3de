import KafkaProtocol
import NIOCore
import XCTest

/// One small batch assembled byte by byte from Kafka's documented layout,
/// so the codec is checked against the format rather than against itself.
final class RecordBatchKnownBytesTests: XCTestCase {
    // Record 0: attributes 0, timestampDelta 0, offsetDelta 0, key null,
    // value "hi", one header "h" with a null value. 11 bytes, length 11 → zig-zag 0x16.
    static let record0: [UInt8] = [0x16, 0x00, 0x00, 0x00, 0x01, 0x04, 0x68, 0x69, 0x02, 0x02, 0x68, 0x01]
    // Record 1: attributes 0, timestampDelta 300 (zig-zag 600 = D8 04), offsetDelta 1,
    // key "k", value empty (not null), no headers. 8 bytes → 0x10.
    static let record1: [UInt8] = [0x10, 0x00, 0xD8, 0x04, 0x02, 0x02, 0x6B, 0x00, 0x00]

    static let baseTimestamp: Int64 = 1_700_000_000_000

    /// attributes through recordsCount, then the records: what the CRC covers.
    static let checksummed: [UInt8] =
        [0x00, 0x10]  // attributes: transactional, uncompressed, create time
        + [0x00, 0x00, 0x00, 0x01]  // lastOffsetDelta 1
        + bigEndian(baseTimestamp)
        + bigEndian(baseTimestamp + 300)  // maxTimestamp
        + bigEndian(Int64(42))  // producerId
        + [0x00, 0x03]  // producerEpoch 3
        + [0x00, 0x00, 0x00, 0x0A]  // baseSequence 10
        + [0x00, 0x00, 0x00, 0x02]  // recordsCount 2
        + record0 + record1

    static let crc: UInt32 = checksummed.withUnsafeBytes { CRC32C.checksum($0) }

    static let batch: [UInt8] =
        bigEndian(Int64(5))  // baseOffset
        + [0x00, 0x00, 0x00, 70]  // batchLength: 4 + 1 + 4 + 40 header bytes + 21 record bytes
        + [0x00, 0x00, 0x00, 0x07]  // partitionLeaderEpoch
        + [0x02]  // magic
        + bigEndian(crc)
        + checksummed

    func testEveryFieldDecodes() throws {
        var buffer = ByteBuffer(bytes: Self.batch)
        let batch = try XCTUnwrap(buffer.readKafkaRecordBatch())
        XCTAssertEqual(buffer.readableBytes, 0)

        XCTAssertEqual(batch.baseOffset, 5)
        XCTAssertEqual(batch.batchLength, 70)
        XCTAssertEqual(batch.partitionLeaderEpoch, 7)
        XCTAssertEqual(batch.crc, Self.crc)
        XCTAssertEqual(batch.attributes, 0x10)
        XCTAssertEqual(batch.lastOffsetDelta, 1)
        XCTAssertEqual(batch.baseTimestamp, Self.baseTimestamp)
        XCTAssertEqual(batch.maxTimestamp, Self.baseTimestamp + 300)
        XCTAssertEqual(batch.producerId, 42)
        XCTAssertEqual(batch.producerEpoch, 3)
        XCTAssertEqual(batch.baseSequence, 10)
        XCTAssertEqual(batch.recordsCount, 2)
        XCTAssertEqual(batch.records, ByteBuffer(bytes: Self.record0 + Self.record1))

        XCTAssertEqual(batch.compression, .none)
        XCTAssertEqual(batch.timestampType, .createTime)
        XCTAssertTrue(batch.isTransactional)
        XCTAssertFalse(batch.isControl)
        XCTAssertEqual(batch.lastOffset, 6)
        XCTAssertNoThrow(try batch.verifyChecksum())

        let records = try batch.decodeRecords()
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0].attributes, 0)
        XCTAssertEqual(records[0].timestampDelta, 0)
        XCTAssertEqual(records[0].offsetDelta, 0)
        XCTAssertNil(records[0].key)
        XCTAssertEqual(records[0].value, ByteBuffer(string: "hi"))
        XCTAssertEqual(records[0].headers, [RecordHeader(key: "h", value: nil)])
        XCTAssertEqual(records[1].timestampDelta, 300)
        XCTAssertEqual(records[1].offsetDelta, 1)
        XCTAssertEqual(records[1].key, ByteBuffer(string: "k"))
        XCTAssertEqual(records[1].value, ByteBuffer())
        XCTAssertEqual(records[1].headers, [])
    }

    func testReencodingGivesTheSameBytes() throws {
        var buffer = ByteBuffer(bytes: Self.batch)
        let batch = try XCTUnwrap(buffer.readKafkaRecordBatch())
        var written = ByteBuffer()
        written.writeKafkaRecordBatch(batch)
        XCTAssertEqual(Array(written.readableBytesView), Self.batch)
    }

    func testBuildingFromRecordsGivesTheSameBytes() throws {
        let batch = try RecordBatch(
            records: [
                Record(timestampDelta: 0, offsetDelta: 0, key: nil, value: ByteBuffer(string: "hi"),
                       headers: [RecordHeader(key: "h", value: nil)]),
                Record(timestampDelta: 300, offsetDelta: 1, key: ByteBuffer(string: "k"), value: ByteBuffer()),
            ],
            baseOffset: 5,
            partitionLeaderEpoch: 7,
            baseTimestamp: Self.baseTimestamp,
            isTransactional: true,
            producerId: 42,
            producerEpoch: 3,
            baseSequence: 10
        )
        var written = ByteBuffer()
        written.writeKafkaRecordBatch(batch)
        XCTAssertEqual(Array(written.readableBytesView), Self.batch)
    }
}

private func bigEndian(_ value: some FixedWidthInteger) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
}
