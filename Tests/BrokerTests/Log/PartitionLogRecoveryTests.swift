import Broker
import KafkaProtocol
import NIOCore
import XCTest

final class PartitionLogRecoveryTests: XCTestCase {
    func testReopeningRestoresOffsetsAndDataAndAppendingContinues() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(configuration: smallSegments())
        for index in 0..<20 {
            _ = try await log.append(try logTestBatch(["r\(index)"]))
        }
        try await log.flush()
        let segments = await log.segmentBaseOffsets
        await log.close()

        let reopened = try await fixture.open(configuration: smallSegments())
        let (start, end, highWatermark, reopenedSegments) = await (
            reopened.logStartOffset, reopened.logEndOffset, reopened.highWatermark, reopened.segmentBaseOffsets
        )
        XCTAssertEqual([start, end, highWatermark], [0, 20, 20])
        XCTAssertEqual(reopenedSegments, segments)
        XCTAssertEqual(reopened.recoveryReport.scannedSegments, [segments.last!], "only the active segment is scanned")
        XCTAssertTrue(reopened.recoveryReport.truncations.isEmpty)
        XCTAssertTrue(reopened.recoveryReport.unreadable.isEmpty)
        let next = try await reopened.append(try logTestBatch(["after"]))
        XCTAssertEqual(next.baseOffset, 20)
        try await reopened.flush()
        let values = try await readAll(reopened).map(\.value)
        XCTAssertEqual(values, (0..<20).map { "r\($0)" } + ["after"])
    }

    func testATornTailAtEveryCutPointOfTheLastEntryRecoversToThePreviousEntry() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["a", "b"]))
        _ = try await log.append(try logTestBatch(["c"]))
        _ = try await log.append(try logTestBatch(["d", "e"]))
        try await log.flush()
        await log.close()

        let logPath = fixture.path(segmentFileName(0, "log"))
        let original = try fileBytes(logPath)
        let last = try XCTUnwrap(entryRanges(of: original).last)
        XCTAssertEqual(last.upperBound, original.count)
        for cut in last.lowerBound..<original.count {
            try writeFileBytes(Array(original[..<cut]), to: logPath)
            let reopened = try await fixture.open()
            let report = reopened.recoveryReport
            let end = await reopened.logEndOffset
            XCTAssertEqual(end, 3, "cut at \(cut)")
            XCTAssertEqual(
                report.truncations,
                cut == last.lowerBound ? [] : [.init(segmentBaseOffset: 0, position: last.lowerBound, removedBytes: cut - last.lowerBound)],
                "cut at \(cut)"
            )
            XCTAssertTrue(report.unreadable.isEmpty, "cut at \(cut)")
            let values = try await readAll(reopened).map(\.value)
            XCTAssertEqual(values, ["a", "b", "c"], "cut at \(cut)")
            await reopened.close()
            XCTAssertEqual(try fileBytes(logPath).count, last.lowerBound, "the torn bytes are gone from the file")
        }

        let reopened = try await fixture.open()
        let next = try await reopened.append(try logTestBatch(["f"]))
        XCTAssertEqual(next.baseOffset, 3)
        try await reopened.flush()
        await reopened.close()
        let again = try await fixture.open()
        let values = try await readAll(again).map(\.value)
        XCTAssertEqual(values, ["a", "b", "c", "f"])
    }

    func testAGarbledHeaderWithNothingIntactAfterItIsATornTail() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["a"]))
        _ = try await log.append(try logTestBatch(["b"]))
        try await log.flush()
        await log.close()

        let logPath = fixture.path(segmentFileName(0, "log"))
        var bytes = try fileBytes(logPath)
        let last = entryRanges(of: bytes)[1]
        bytes.replaceSubrange(last.lowerBound..<(last.lowerBound + 53), with: [UInt8](repeating: 0, count: 53))
        try writeFileBytes(bytes, to: logPath)

        let reopened = try await fixture.open()
        XCTAssertEqual(reopened.recoveryReport.truncations, [.init(segmentBaseOffset: 0, position: last.lowerBound, removedBytes: last.count)])
        let end = await reopened.logEndOffset
        XCTAssertEqual(end, 1)
        let values = try await readAll(reopened).map(\.value)
        XCTAssertEqual(values, ["a"])
    }

    func testAGarbledHeaderBeforeIntactEntriesIsReportedAndSkippedNotTruncated() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["a"]))
        _ = try await log.append(try logTestBatch(["b", "c"]))
        _ = try await log.append(try logTestBatch(["d"]))
        try await log.flush()
        await log.close()

        let logPath = fixture.path(segmentFileName(0, "log"))
        var bytes = try fileBytes(logPath)
        let middle = entryRanges(of: bytes)[1]
        bytes[middle.lowerBound + 10] ^= 0xFF  // inside baseOffset: the header CRC fails
        try writeFileBytes(bytes, to: logPath)

        let reopened = try await fixture.open()
        let report = reopened.recoveryReport
        XCTAssertEqual(report.unreadable, [.init(segmentBaseOffset: 0, offsets: 1..<3, reason: "garbled entry header")])
        XCTAssertTrue(report.truncations.isEmpty)
        XCTAssertEqual(try fileBytes(logPath).count, bytes.count, "nothing is cut")
        let end = await reopened.logEndOffset
        XCTAssertEqual(end, 4)
        let from0 = try await values(reopened, from: 0)
        XCTAssertEqual(from0, ["a"])
        for offset: Int64 in [1, 2] {
            await XCTAssertThrowsLogError({ try await reopened.read(from: offset, maxBytes: 1 << 20) }) {
                $0 == .corruptBatch(topic: "orders", partition: 0, baseOffset: 1, lastOffset: 2)
            }
        }
        let from3 = try await values(reopened, from: 3)
        XCTAssertEqual(from3, ["d"])
    }

    func testACompleteEntryWhoseTagFailsIsReportedAndNeverServedWhileItsNeighboursAre() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["a"]))
        _ = try await log.append(try logTestBatch(["b", "c"]))
        _ = try await log.append(try logTestBatch(["d"]))
        try await log.flush()
        await log.close()

        let logPath = fixture.path(segmentFileName(0, "log"))
        var bytes = try fileBytes(logPath)
        let middle = entryRanges(of: bytes)[1]
        bytes[middle.upperBound - 20] ^= 0x01  // one bit of ciphertext
        try writeFileBytes(bytes, to: logPath)

        let reopened = try await fixture.open()
        let report = reopened.recoveryReport
        XCTAssertEqual(report.unreadable, [.init(segmentBaseOffset: 0, offsets: 1..<3, reason: "batch failed authentication")])
        XCTAssertTrue(report.truncations.isEmpty)
        let end = await reopened.logEndOffset
        XCTAssertEqual(end, 4)
        await XCTAssertThrowsLogError({ try await reopened.read(from: 2, maxBytes: 1 << 20) }) {
            $0 == .corruptBatch(topic: "orders", partition: 0, baseOffset: 1, lastOffset: 2)
        }
        let from0 = try await values(reopened, from: 0)
        XCTAssertEqual(from0, ["a"], "a read ends before it")
        let from3 = try await values(reopened, from: 3)
        XCTAssertEqual(from3, ["d"])
        let next = try await reopened.append(try logTestBatch(["e"]))
        XCTAssertEqual(next.baseOffset, 4)
    }

    func testCorruptionInAClosedSegmentIsCaughtWhenRead() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(configuration: smallSegments())
        for index in 0..<12 {
            _ = try await log.append(try logTestBatch(["v\(index)"]))
        }
        try await log.flush()
        let segments = await log.segmentBaseOffsets
        XCTAssertGreaterThan(segments.count, 2)
        await log.close()

        let logPath = fixture.path(segmentFileName(0, "log"))
        var bytes = try fileBytes(logPath)
        let second = entryRanges(of: bytes)[1]
        bytes[second.upperBound - 1] ^= 0x80  // the tag
        try writeFileBytes(bytes, to: logPath)

        let reopened = try await fixture.open(configuration: smallSegments())
        XCTAssertTrue(reopened.recoveryReport.unreadable.isEmpty, "closed segments are not scanned on open")
        let from0 = try await values(reopened, from: 0)
        XCTAssertEqual(from0, ["v0"])
        for _ in 0..<2 {
            await XCTAssertThrowsLogError({ try await reopened.read(from: 1, maxBytes: 1 << 20) }) {
                $0 == .corruptBatch(topic: "orders", partition: 0, baseOffset: 1, lastOffset: 1)
            }
        }
        let from2 = try await values(reopened, from: 2)
        XCTAssertEqual(from2.first, "v2")
    }

    func testAnOldEntryReplayedAtTheTailIsReportedAndIgnored() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["a"]))
        _ = try await log.append(try logTestBatch(["b"]))
        try await log.flush()
        await log.close()

        let logPath = fixture.path(segmentFileName(0, "log"))
        let bytes = try fileBytes(logPath)
        let first = entryRanges(of: bytes)[0]
        try writeFileBytes(bytes + bytes[first], to: logPath)

        let reopened = try await fixture.open()
        XCTAssertEqual(
            reopened.recoveryReport.unreadable,
            [.init(segmentBaseOffset: 0, offsets: 2..<2, reason: "entry at offset 0, already used in this segment")]
        )
        let end = await reopened.logEndOffset
        XCTAssertEqual(end, 2)
        let values = try await readAll(reopened).map(\.value)
        XCTAssertEqual(values, ["a", "b"])
    }

    func testAMissingIndexOfAClosedSegmentIsRebuiltToTheSameBytes() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open(configuration: smallSegments(bytes: 3_000))
        for index in 0..<40 {
            _ = try await log.append(try logTestBatch(["value-\(index)"], timestamp: 1_000 + Int64(index)))
        }
        try await log.flush()
        let segments = await log.segmentBaseOffsets
        XCTAssertGreaterThan(segments.count, 1)
        await log.close()

        let indexPath = fixture.path(segmentFileName(0, "index"))
        let timeIndexPath = fixture.path(segmentFileName(0, "timeindex"))
        let (index, timeIndex) = (try fileBytes(indexPath), try fileBytes(timeIndexPath))
        XCTAssertFalse(index.isEmpty)
        XCTAssertFalse(timeIndex.isEmpty)
        try FileManager.default.removeItem(atPath: indexPath)
        try writeFileBytes(Array(timeIndex.dropLast(3)), to: timeIndexPath)

        let reopened = try await fixture.open(configuration: smallSegments(bytes: 3_000))
        XCTAssertEqual(reopened.recoveryReport.scannedSegments, [0, segments.last!])
        XCTAssertTrue(reopened.recoveryReport.notes.contains { $0.segmentBaseOffset == 0 && $0.message.contains("rebuilt") })
        XCTAssertEqual(try fileBytes(indexPath), index)
        XCTAssertEqual(try fileBytes(timeIndexPath), timeIndex)
        let values = try await readAll(reopened).map(\.value)
        XCTAssertEqual(values, (0..<40).map { "value-\($0)" })
    }

    func testAnInterruptedRollAndLeftoverFilesAreCleanedUp() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["a"]))
        try await log.flush()
        await log.close()

        let directory = fixture.partitionDirectory()
        // A roll that crashed after creating its files but before writing its key, a temporary file, an orphan key.
        for name in [segmentFileName(1, "log"), segmentFileName(1, "index"), segmentFileName(1, "timeindex"),
                     segmentFileName(0, "key") + ".tmp", segmentFileName(7, "key")] {
            try writeFileBytes([], to: directory + "/" + name)
        }
        let reopened = try await fixture.open()
        // `.lock` is the directory lock the open log holds.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        XCTAssertEqual(names, [".lock", segmentFileName(0, "key"), segmentFileName(0, "log")], "the active segment's indexes are written when it rolls")
        let segments = await reopened.segmentBaseOffsets
        XCTAssertEqual(segments, [0])
        let next = try await reopened.append(try logTestBatch(["b"]))
        XCTAssertEqual(next.baseOffset, 1)
    }
}

extension PartitionLogRecoveryTests {
    func testAPartitionOpenElsewhereCannotBeOpenedAgainUntilClosed() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        _ = try await log.append(try logTestBatch(["a"]))
        await XCTAssertThrowsLogError({ try await fixture.open() }) {
            $0 == .partitionInUse(path: fixture.partitionDirectory())
        }
        let other = try await fixture.open(partition: 1)
        await other.close()
        try await log.flush()
        await log.close()
        let reopened = try await fixture.open()
        let values = try await readAll(reopened).map(\.value)
        XCTAssertEqual(values, ["a"])
    }
}
