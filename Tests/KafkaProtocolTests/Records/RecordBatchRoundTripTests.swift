import KafkaProtocol
import NIOCore
import XCTest

final class RecordBatchRoundTripTests: XCTestCase {
    func testNullAndPresentKeysValuesAndHeaders() throws {
        let records = [
            Record(timestampDelta: 0, offsetDelta: 0, key: nil, value: nil),
            Record(timestampDelta: 5, offsetDelta: 1, key: ByteBuffer(), value: ByteBuffer()),
            Record(
                attributes: 0, timestampDelta: -7, offsetDelta: 2,
                key: ByteBuffer(string: "user-42"), value: ByteBuffer(bytes: pseudoRandomBytes(count: 300)),
                headers: [
                    RecordHeader(key: "content-type", value: ByteBuffer(string: "application/json")),
                    RecordHeader(key: "", value: nil),
                    RecordHeader(key: "ünïcødé", value: ByteBuffer()),
                ]
            ),
            Record(timestampDelta: Int64.max / 2, offsetDelta: 200, key: nil, value: ByteBuffer(string: "v")),
        ]
        let batch = try RecordBatch(
            records: records, baseOffset: 1 << 40, partitionLeaderEpoch: 9, baseTimestamp: 1_700_000_000_000,
            timestampType: .logAppendTime, producerId: 77, producerEpoch: 1, baseSequence: 0
        )
        XCTAssertEqual(batch.recordsCount, 4)
        XCTAssertEqual(batch.lastOffsetDelta, 200)
        XCTAssertEqual(batch.lastOffset, (1 << 40) + 200)
        XCTAssertEqual(batch.maxTimestamp, 1_700_000_000_000 + Int64.max / 2)
        XCTAssertEqual(batch.timestampType, .logAppendTime)
        XCTAssertFalse(batch.isTransactional)

        let bytes = encoded(batch)
        var input = bytes
        let decoded = try XCTUnwrap(input.readKafkaRecordBatch())
        XCTAssertEqual(decoded, batch)
        XCTAssertNoThrow(try decoded.verifyChecksum())
        XCTAssertEqual(try decoded.decodeRecords(), records)
        XCTAssertEqual(encoded(decoded), bytes)
    }

    func testEmptyBatch() throws {
        let batch = try RecordBatch(records: [], baseTimestamp: 3, isControl: true)
        XCTAssertEqual(batch.lastOffsetDelta, -1)
        XCTAssertEqual(batch.maxTimestamp, 3)
        XCTAssertTrue(batch.isControl)
        var input = encoded(batch)
        let decoded = try XCTUnwrap(input.readKafkaRecordBatch())
        XCTAssertEqual(try decoded.decodeRecords(), [])
    }

    func testRecordByItself() throws {
        let record = Record(
            attributes: 3, timestampDelta: 1, offsetDelta: -1, key: ByteBuffer(string: "k"), value: nil,
            headers: [RecordHeader(key: "a", value: ByteBuffer(string: "b"))]
        )
        var buffer = ByteBuffer()
        try buffer.writeKafkaRecord(record)
        XCTAssertEqual(try buffer.readKafkaRecord(), record)
        XCTAssertEqual(buffer.readableBytes, 0)
    }

    func testBaseOffsetAndLeaderEpochAreOutsideTheChecksum() throws {
        var batch = try sampleBatch()
        batch.baseOffset = 1_000
        batch.partitionLeaderEpoch = 12
        var input = encoded(batch)
        let decoded = try XCTUnwrap(input.readKafkaRecordBatch())
        XCTAssertEqual(decoded.baseOffset, 1_000)
        XCTAssertNoThrow(try decoded.verifyChecksum())
    }

    func testDecodedRecordsAreSlicesOfTheInput() throws {
        var input = ByteBuffer(string: "prefix")
        input.writeImmutableBuffer(encoded(try sampleBatch()))
        input.moveReaderIndex(forwardBy: 6)
        let batch = try XCTUnwrap(input.readKafkaRecordBatch())
        let record = try XCTUnwrap(batch.decodeRecords().first)
        XCTAssertEqual(record.key, ByteBuffer(string: "key-0"))
        XCTAssertEqual(record.key?.readerIndex, 0)
        XCTAssertEqual(record.key?.capacity, 5)
    }
}
