import Foundation
import KafkaProtocol
import NIOCore
import XCTest

/// Replays every input in Fixtures/fuzz-regressions/ (crashes that
/// scripts/fuzz.sh found, and hand-made hostile inputs) through the checks
/// the fuzzer applies (Support/KafkaFuzzChecks.swift, which the fuzz package
/// compiles too): each input either throws a typed decoding error or decodes to a
/// value that re-encodes to exactly its bytes.
///
/// An input that traps takes the whole test process down, which fails the
/// run as well; the crash file's name says which input it was.
final class FuzzCorpusRegressionTests: XCTestCase {
    func testEveryRegressionInputThrowsOrRoundTrips() throws {
        let inputs = try fuzzRegressionInputs()
        // The hand-made inputs are always there: an empty directory would pass vacuously.
        XCTAssertGreaterThanOrEqual(inputs.count, 4)
        for (name, bytes) in inputs {
            let findings = KafkaFuzzChecks.check(bytes)
            XCTAssert(findings.isEmpty, "\(name):\n  " + findings.joined(separator: "\n  "))
        }
    }

    /// A 100 MiB length prefix is refused from the prefix alone, before any
    /// of the frame is buffered.
    func testFrameOf100MiBIsRefusedFromItsPrefix() throws {
        var stream = try fuzzRegressionInput("handmade-frame-length-100MiB")
        let decoder = KafkaFrameDecoder(maximumFrameLength: 1 << 20)
        XCTAssertThrowsError(try decoder.nextFrame(from: &stream)) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .frameTooLarge(size: 100 << 20, limit: 1 << 20))
        }
        XCTAssertEqual(stream.readerIndex, 0)
    }

    /// An array count of 2^31-1 in an 18-byte frame is refused before anything is reserved.
    func testArrayCountOfInt32MaxInATinyFrameIsRefused() throws {
        let frame = try onlyFrame(of: "handmade-metadata-v0-topics-count-2147483647")
        XCTAssertThrowsError(try KafkaRequestFrame(decoding: frame)) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .lengthExceedsInput(length: Int(Int32.max), remaining: 0))
        }
    }

    /// The compact form: an unsigned varint of 2^32-1 (2^32-2 elements).
    func testCompactArrayCountOfUInt32MaxIsRefused() throws {
        let frame = try onlyFrame(of: "handmade-metadata-v12-compact-topics-count-max")
        XCTAssertThrowsError(try KafkaRequestFrame(decoding: frame)) { error in
            XCTAssertEqual(
                error as? KafkaDecodingError,
                .lengthExceedsInput(length: Int(UInt32.max) - 1, remaining: 0)
            )
        }
    }

    /// A Produce request whose one batch (CRC correct) claims 2^31-1 records
    /// in 7 bytes: the request round-trips, the batch frames and verifies,
    /// and decoding its records is refused before any reservation.
    func testRecordsCountOfInt32MaxIsRefused() throws {
        let frame = try onlyFrame(of: "handmade-produce-v3-recordsCount-2147483647")
        let request = try KafkaRequestFrame(decoding: frame)
        guard case .produce(let produce) = request.body,
              var records = produce.topicData.first?.partitionData.first?.records
        else { return XCTFail("expected a Produce request with records") }
        let batches = try records.readKafkaRecordBatches()
        XCTAssertEqual(batches.batches.count, 1)
        XCTAssertFalse(batches.hasPartialTrailingBatch)
        let batch = try XCTUnwrap(batches.batches.first)
        XCTAssertEqual(batch.recordsCount, Int32.max)
        XCTAssertNoThrow(try batch.verifyChecksum())
        XCTAssertThrowsError(try batch.decodeRecords()) { error in
            guard case .malformedRecordBatch = error as? KafkaDecodingError else {
                return XCTFail("expected malformedRecordBatch, got \(error)")
            }
        }
    }

    // MARK: Inputs

    private func fuzzRegressionDirectory() throws -> URL {
        let resources = try XCTUnwrap(Bundle.module.resourceURL, "no resource bundle")
        return resources.appendingPathComponent("Fixtures/fuzz-regressions", isDirectory: true)
    }

    private func fuzzRegressionInputs() throws -> [(name: String, bytes: [UInt8])] {
        let directory = try fuzzRegressionDirectory()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
        return try names.map { name in
            (name, [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }

    private func fuzzRegressionInput(_ name: String) throws -> ByteBuffer {
        let url = try fuzzRegressionDirectory().appendingPathComponent(name)
        return ByteBuffer(bytes: [UInt8](try Data(contentsOf: url)))
    }

    /// The input's single frame, cut as the gateway cuts it.
    private func onlyFrame(of name: String) throws -> ByteBuffer {
        var stream = try fuzzRegressionInput(name)
        let frame = try XCTUnwrap(try KafkaFrameDecoder(maximumFrameLength: 1 << 20).nextFrame(from: &stream))
        XCTAssertEqual(stream.readableBytes, 0, "\(name) holds more than one frame")
        return frame
    }
}
