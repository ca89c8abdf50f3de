import KafkaProtocol
import NIOCore
import XCTest

final class RecordBatchValidationTests: XCTestCase {
    func testCorruptRecordsFailTheChecksum() throws {
        let batch = try sampleBatch()
        var bytes = encoded(batch)
        let position = bytes.writerIndex - 3
        bytes.setInteger(bytes.getInteger(at: position, as: UInt8.self)! ^ 0x01, at: position)
        let decoded = try XCTUnwrap(bytes.readKafkaRecordBatch())
        XCTAssertThrowsError(try decoded.verifyChecksum()) { error in
            guard case .crcMismatch(let expected, let actual) = error as? KafkaDecodingError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(expected, batch.crc)
            XCTAssertNotEqual(actual, batch.crc)
        }
    }

    func testCorruptHeaderFailsTheChecksum() throws {
        var bytes = encoded(try sampleBatch())
        bytes.setInteger(Int64(99), at: 43)  // producerId
        let decoded = try XCTUnwrap(bytes.readKafkaRecordBatch())
        XCTAssertThrowsError(try decoded.verifyChecksum())
    }

    func testRecordLongerThanItsFields() throws {
        // length 7 (zig-zag 0x0E): six bytes of fields and one extra byte.
        let batch = try makeBatch(recordsCount: 1, records: [0x0E, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0xFF])
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            XCTAssertEqual(
                error as? KafkaDecodingError, .malformedRecordBatch("record length 7 has 1 bytes beyond its fields")
            )
        }
    }

    func testRecordShorterThanItsFields() throws {
        // length 5 (zig-zag 0x0A), but the header count lies outside it.
        let batch = try makeBatch(recordsCount: 1, records: [0x0A, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00])
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .malformedRecordBatch("record length 5 is shorter than its fields"))
        }
    }

    func testRecordLengthBeyondTheBatch() throws {
        let batch = try makeBatch(recordsCount: 1, records: [0x7E, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00])
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .lengthExceedsInput(length: 63, remaining: 6))
        }
    }

    func testFewerRecordsThanRecordsCount() throws {
        // One 14-byte record (length 13, a 7-byte value) where two were announced.
        let record: [UInt8] = [0x1A, 0x00, 0x00, 0x00, 0x01, 0x0E, 1, 2, 3, 4, 5, 6, 7, 0x00]
        let batch = try makeBatch(recordsCount: 2, records: record)
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .malformedRecordBatch("records end after 1 of recordsCount 2"))
        }
    }

    func testMoreRecordsThanRecordsCount() throws {
        let record: [UInt8] = [0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00]
        let batch = try makeBatch(recordsCount: 1, records: record + record)
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            XCTAssertEqual(
                error as? KafkaDecodingError, .malformedRecordBatch("7 bytes follow the last of recordsCount 1 records")
            )
        }
    }

    /// Were the count trusted, reserving Int32.max records would need hundreds of gigabytes.
    func testHugeRecordsCountThrowsBeforeAllocating() throws {
        let batch = try makeBatch(recordsCount: .max, records: [0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00])
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            XCTAssertEqual(
                error as? KafkaDecodingError,
                .malformedRecordBatch("recordsCount 2147483647 is more than 7 bytes of records can hold")
            )
        }
    }

    func testNegativeRecordsCount() throws {
        let batch = try makeBatch(recordsCount: -1, records: [])
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .invalidLength(-1))
        }
    }

    func testHugeHeaderCountThrows() throws {
        // headerCount 1_000_000 (zig-zag varint 80 89 7A) in an 8-byte record.
        let batch = try makeBatch(recordsCount: 1, records: [0x10, 0x00, 0x00, 0x00, 0x01, 0x01, 0x80, 0x89, 0x7A])
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .malformedRecordBatch("record length 8 is shorter than its fields"))
        }
    }

    func testNullHeaderKeyAndInvalidUTF8AreRefused() throws {
        // one header whose key is null
        let nullKey = try makeBatch(recordsCount: 1, records: [0x10, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x01, 0x01])
        XCTAssertThrowsError(try nullKey.decodeRecords()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .unexpectedNull(field: "headerKey"))
        }
        // one header whose one-byte key is 0xFF
        let badKey = try makeBatch(recordsCount: 1, records: [0x12, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x02, 0xFF, 0x01])
        XCTAssertThrowsError(try badKey.decodeRecords()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .invalidUTF8)
        }
    }

    func testCompressedRecordsAreOpaque() throws {
        let plain = try sampleBatch()
        let gzip = try RecordBatch(
            baseOffset: 0, partitionLeaderEpoch: 0, attributes: 0x01, lastOffsetDelta: 0, baseTimestamp: 0,
            maxTimestamp: 0, producerId: -1, producerEpoch: -1, baseSequence: -1, recordsCount: 1,
            records: plain.records
        )
        XCTAssertEqual(gzip.compression, .gzip)
        XCTAssertNoThrow(try gzip.verifyChecksum())
        XCTAssertThrowsError(try gzip.decodeRecords()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .compressedRecords(.gzip))
        }
        for (attributes, compression) in [(Int16(2), RecordCompression.snappy), (3, .lz4), (4, .zstd), (7, .unknown(7))] {
            let batch = try RecordBatch(
                baseOffset: 0, partitionLeaderEpoch: 0, attributes: attributes, lastOffsetDelta: 0, baseTimestamp: 0,
                maxTimestamp: 0, producerId: -1, producerEpoch: -1, baseSequence: -1, recordsCount: 0,
                records: ByteBuffer()
            )
            XCTAssertEqual(batch.compression, compression)
        }
    }
}
