import KafkaProtocol
import NIOCore
import XCTest

final class RecordBatchFramingTests: XCTestCase {
    func testSeveralBatchesInOneBuffer() throws {
        let batches = [try sampleBatch(baseOffset: 0), try sampleBatch(baseOffset: 3, count: 1), try sampleBatch(baseOffset: 4)]
        var input = encoded(batches[0], batches[1], batches[2])
        let decoded = try input.readKafkaRecordBatches()
        XCTAssertEqual(decoded.batches, batches)
        XCTAssertFalse(decoded.hasPartialTrailingBatch)
        XCTAssertEqual(decoded.partialTrailingBatchLength, 0)
        XCTAssertEqual(input.readableBytes, 0)
    }

    func testEmptyRecordsField() throws {
        var input = ByteBuffer()
        XCTAssertEqual(try input.readKafkaRecordBatches(), RecordBatches(batches: [], partialTrailingBatchLength: 0))
    }

    func testTruncatedTrailingBatchIsReported() throws {
        let first = try sampleBatch()
        let second = encoded(try sampleBatch(baseOffset: 3))
        var input = encoded(first)
        input.writeImmutableBuffer(second.getSlice(at: 0, length: 40)!)
        let decoded = try input.readKafkaRecordBatches()
        XCTAssertEqual(decoded.batches, [first])
        XCTAssertTrue(decoded.hasPartialTrailingBatch)
        XCTAssertEqual(decoded.partialTrailingBatchLength, 40)
        XCTAssertEqual(input.readableBytes, 0)
    }

    func testEveryStrictPrefixIsAPartialBatch() throws {
        let bytes = encoded(try sampleBatch())
        for length in 0..<bytes.readableBytes {
            var input = bytes.getSlice(at: 0, length: length)!
            XCTAssertNil(try input.readKafkaRecordBatch(), "prefix \(length)")
            XCTAssertEqual(input.readableBytes, length, "a partial batch must not be consumed")
            let decoded = try input.readKafkaRecordBatches()
            XCTAssertEqual(decoded.batches, [])
            XCTAssertEqual(decoded.partialTrailingBatchLength, length)
        }
    }

    func testEveryStrictPrefixOfABadMagicBatchErrorsOrWaits() throws {
        var bytes = encoded(try sampleBatch())
        bytes.setInteger(Int8(1), at: 16)
        for length in 0..<bytes.readableBytes {
            var input = bytes.getSlice(at: 0, length: length)!
            if length <= 16 {
                XCTAssertEqual(try input.readKafkaRecordBatches().partialTrailingBatchLength, length)
            } else {
                XCTAssertThrowsError(try input.readKafkaRecordBatches()) { error in
                    XCTAssertEqual(error as? KafkaDecodingError, .unsupportedMagic(1))
                }
            }
        }
    }

    func testBadMagicIsRefusedBeforeTheLengthIsRead() throws {
        for magic: Int8 in [0, 1, 3, -1] {
            var bytes = encoded(try sampleBatch())
            bytes.setInteger(magic, at: 16)
            bytes.setInteger(Int32(-5), at: 8)
            XCTAssertThrowsError(try bytes.readKafkaRecordBatch()) { error in
                XCTAssertEqual(error as? KafkaDecodingError, .unsupportedMagic(magic))
            }
            XCTAssertEqual(bytes.readerIndex, 0)
        }
    }

    func testBatchLengthShorterThanItsHeaderIsRefused() throws {
        for length: Int32 in [48, 0, -1, .min] {
            var bytes = encoded(try sampleBatch())
            bytes.setInteger(length, at: 8)
            XCTAssertThrowsError(try bytes.readKafkaRecordBatches()) { error in
                guard case .malformedRecordBatch = error as? KafkaDecodingError else {
                    return XCTFail("unexpected \(error)")
                }
            }
        }
    }

    func testBatchLengthBeyondTheInputIsAPartialBatch() throws {
        var bytes = encoded(try sampleBatch())
        bytes.setInteger(Int32.max, at: 8)
        XCTAssertEqual(try bytes.readKafkaRecordBatches().partialTrailingBatchLength, bytes.writerIndex)
    }

    /// Any byte at any position: a value or a typed error, never a trap.
    func testEverySingleByteCorruptionIsHandled() throws {
        let original = encoded(try sampleBatch(count: 2))
        for position in 0..<original.readableBytes {
            for byte in UInt8.min...UInt8.max {
                var input = original
                input.setInteger(byte, at: position)
                guard let batches = try? input.readKafkaRecordBatches() else { continue }
                for batch in batches.batches {
                    _ = try? batch.verifyChecksum()
                    _ = try? batch.decodeRecords()
                }
            }
        }
    }
}
