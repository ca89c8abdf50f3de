import Broker
import Foundation
import XCTest

final class PartitionLogRetentionTests: XCTestCase {
    func testRetentionBySizeDeletesTheOldestSegmentsWhileEnoughRemains() async throws {
        let fixture = try await LogFixture.make(self)
        var configuration = smallSegments()
        let log = try await fixture.open(configuration: configuration)
        for index in 0..<30 {
            _ = try await log.append(try logTestBatch(["value-\(index)"], timestamp: 1_000 + Int64(index)))
        }
        try await log.flush()
        let before = await log.segmentBaseOffsets
        XCTAssertGreaterThan(before.count, 4)

        configuration.retentionBytes = 1_500
        configuration.retentionMs = -1
        try await log.update(configuration: configuration)
        let outcome = try await log.enforceRetention(now: 1_000_000)
        let (after, size, start) = await (log.segmentBaseOffsets, log.sizeInBytes, log.logStartOffset)
        XCTAssertFalse(outcome.deletedSegments.isEmpty)
        XCTAssertEqual(outcome.deletedSegments + after, before)
        XCTAssertEqual(start, after.first)
        XCTAssertEqual(outcome.logStartOffset, start)
        XCTAssertGreaterThanOrEqual(size, 1_500)
        XCTAssertGreaterThan(size + outcome.deletedBytes, size)

        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.partitionDirectory())
        for base in outcome.deletedSegments {
            XCTAssertFalse(names.contains { $0.hasPrefix(segmentFileName(base, "")) }, "files of segment \(base) remain")
        }
        await XCTAssertThrowsLogError({ try await log.read(from: 0, maxBytes: 100) }) {
            $0 == .offsetOutOfRange(offset: 0, logStartOffset: start, logEndOffset: 30)
        }
        let remaining = try await readAll(log, from: start)
        XCTAssertEqual(remaining.map(\.offset), Array(start..<30))

        let again = try await log.enforceRetention(now: 1_000_000)
        XCTAssertEqual(again.deletedSegments, [], "a second check finds nothing more to delete")
        await log.close()
        let reopened = try await fixture.open(configuration: configuration)
        let reopenedStart = await reopened.logStartOffset
        XCTAssertEqual(reopenedStart, start)
    }

    func testRetentionByTimeDeletesSegmentsWhoseNewestRecordIsTooOldButNeverTheActiveOne() async throws {
        var configuration = smallSegments()
        configuration.retentionMs = 10_000
        let log = try await LogFixture.make(self).open(configuration: configuration)
        for index in 0..<30 {
            _ = try await log.append(try logTestBatch(["value-\(index)"], timestamp: 100_000 + Int64(index) * 1_000))
        }
        try await log.flush()
        let segments = await log.segmentBaseOffsets

        // Records up to 119_000 are more than 10 s older than 129_500.
        let outcome = try await log.enforceRetention(now: 129_500)
        let start = await log.logStartOffset
        XCTAssertFalse(outcome.deletedSegments.isEmpty)
        XCTAssertLessThanOrEqual(start, 20, "the segment holding offset 20 (timestamp 120 000) is kept")
        XCTAssertGreaterThan(start, 10)
        let kept = try await readAll(log, from: start)
        XCTAssertEqual(kept.first?.offset, start)

        let all = try await log.enforceRetention(now: 10_000_000)
        let (after, end) = await (log.segmentBaseOffsets, log.logEndOffset)
        XCTAssertEqual(after, [segments.last!], "only the active segment is left")
        XCTAssertEqual(outcome.deletedSegments + all.deletedSegments + after, segments)
        XCTAssertEqual(end, 30)
        let next = try await log.append(try logTestBatch(["after"], timestamp: 10_000_000))
        XCTAssertEqual(next.baseOffset, 30)
    }

    func testUnlimitedRetentionDeletesNothing() async throws {
        var configuration = smallSegments()
        configuration.retentionMs = -1
        let log = try await LogFixture.make(self).open(configuration: configuration)
        for index in 0..<20 {
            _ = try await log.append(try logTestBatch(["value-\(index)"], timestamp: 1))
        }
        try await log.flush()
        let before = await log.segmentBaseOffsets
        let outcome = try await log.enforceRetention(now: Int64.max / 2)
        let after = await log.segmentBaseOffsets
        XCTAssertEqual(outcome.deletedSegments, [])
        XCTAssertEqual(after, before)
    }

    func testRetentionForgetsProducersWhoseBatchesAreGone() async throws {
        var configuration = smallSegments()
        configuration.retentionMs = 10_000
        let log = try await LogFixture.make(self).open(configuration: configuration)
        // Alone in the first segment: the next batch does not fit beside it.
        let old = String(repeating: "o", count: 500)
        _ = try await log.append(try logTestBatch([old], timestamp: 1_000, producerId: 1, producerEpoch: 0, baseSequence: 0))
        for index in 0..<20 {
            _ = try await log.append(try logTestBatch(["value-\(index)"], timestamp: 50_000, producerId: 2, producerEpoch: 0, baseSequence: Int32(index)))
        }
        try await log.flush()
        let before = await log.producerStates
        XCTAssertEqual(Set(before.keys), [1, 2])
        let outcome = try await log.enforceRetention(now: 55_000)
        XCTAssertEqual(outcome.deletedSegments, [0])
        let after = await log.producerStates
        XCTAssertEqual(Set(after.keys), [2])
    }
}
