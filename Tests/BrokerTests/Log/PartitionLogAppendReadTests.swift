import Broker
import Foundation
import KafkaProtocol
import NIOCore
import XCTest

final class PartitionLogAppendReadTests: XCTestCase {
    func testOffsetsAreAssignedConsecutivelyFromZero() async throws {
        let log = try await LogFixture.make(self).open()
        let first = try await log.append(try logTestBatch(["a", "b", "c"]))
        let second = try await log.append([try logTestBatch(["d"]), try logTestBatch(["e", "f"])])
        XCTAssertEqual([first.baseOffset, first.lastOffset], [0, 2])
        XCTAssertEqual([second.baseOffset, second.lastOffset], [3, 5])
        XCTAssertEqual(first.logAppendTime, -1)
        let logEndOffset = await log.logEndOffset
        XCTAssertEqual(logEndOffset, 6)

        try await log.flush(through: second.lastOffset)
        let records = try await readAll(log)
        XCTAssertEqual(records.map(\.offset), Array(0...5))
        XCTAssertEqual(records.map(\.value), ["a", "b", "c", "d", "e", "f"])
    }

    func testRoundTripAcrossSegmentRolls() async throws {
        let log = try await LogFixture.make(self).open(configuration: smallSegments())
        var expected: [String] = []
        for index in 0..<40 {
            let values = (0..<(index % 3 + 1)).map { "value-\(index)-\($0)" }
            expected += values
            _ = try await log.append(try logTestBatch(values))
        }
        try await log.flush()
        let segments = await log.segmentBaseOffsets
        XCTAssertGreaterThan(segments.count, 5, "600-byte segments must roll")
        XCTAssertEqual(segments.first, 0)
        XCTAssertEqual(segments, segments.sorted())

        let records = try await readAll(log)
        XCTAssertEqual(records.map(\.value), expected)
        XCTAssertEqual(records.map(\.offset), Array(0..<Int64(expected.count)))
    }

    func testReadFromAMiddleOffsetStartsWithTheBatchHoldingIt() async throws {
        let log = try await LogFixture.make(self).open(configuration: smallSegments())
        for index in 0..<30 {
            _ = try await log.append(try logTestBatch(["\(index)-a", "\(index)-b", "\(index)-c"]))
        }
        try await log.flush()
        for offset: Int64 in [0, 1, 2, 3, 44, 45, 46, 89] {
            let result = try await log.read(from: offset, maxBytes: 1)
            let records = try readRecords(result)
            XCTAssertEqual(records.first?.offset, offset - offset % 3, "batch holding \(offset)")
            XCTAssertEqual(records.map(\.offset), Array((offset - offset % 3)...(offset - offset % 3 + 2)))
        }
    }

    func testMaxBytesReturnsTheFirstBatchWholeAndStopsBeforeExceedingTheLimit() async throws {
        let log = try await LogFixture.make(self).open()
        let big = String(repeating: "x", count: 2_000)
        _ = try await log.append(try logTestBatch([big]))
        for index in 0..<5 {
            _ = try await log.append(try logTestBatch(["small-\(index)"]))
        }
        try await log.flush()

        let first = try await log.read(from: 0, maxBytes: 10)
        XCTAssertEqual(first.batches.count, 1, "the first batch comes whole even over maxBytes")
        XCTAssertGreaterThan(first.batches[0].readableBytes, 2_000)

        let smallSize = try await log.read(from: 1, maxBytes: 1).batches[0].readableBytes
        let limited = try await log.read(from: 1, maxBytes: smallSize * 3 + smallSize / 2)
        XCTAssertEqual(try readRecords(limited).map(\.offset), [1, 2, 3])
        let exact = try await log.read(from: 1, maxBytes: smallSize * 2)
        XCTAssertEqual(try readRecords(exact).map(\.offset), [1, 2])
        let all = try await log.read(from: 0, maxBytes: 1 << 20)
        XCTAssertEqual(try readRecords(all).map(\.offset), Array(0...5))
        XCTAssertEqual(all.highWatermark, 6)
        XCTAssertEqual(all.logStartOffset, 0)
    }

    func testReadsOutsideTheLogAreOutOfRangeAndAtTheEndAreEmpty() async throws {
        let log = try await LogFixture.make(self).open()
        _ = try await log.append(try logTestBatch(["a", "b"]))
        try await log.flush()
        let atEnd = try await log.read(from: 2, maxBytes: 100)
        XCTAssertTrue(atEnd.batches.isEmpty)
        await XCTAssertThrowsLogError({ try await log.read(from: 3, maxBytes: 100) }) {
            $0 == .offsetOutOfRange(offset: 3, logStartOffset: 0, logEndOffset: 2)
        }
        await XCTAssertThrowsLogError({ try await log.read(from: -1, maxBytes: 100) }) {
            if case .offsetOutOfRange = $0 { true } else { false }
        }
    }

    func testTheStoredBatchCarriesTheAssignedOffsetAndLeaderEpochWithItsCRCIntact() async throws {
        let log = try await LogFixture.make(self).open()
        _ = try await log.append(try logTestBatch(["a"]))
        var sent = try logTestBatch(["b", "c"], producerId: 7, producerEpoch: 1, baseSequence: 0)
        sent.baseOffset = 999
        _ = try await log.append(sent)
        try await log.flush()
        var bytes = try await log.read(from: 1, maxBytes: 1).batches[0]
        let stored = try XCTUnwrap(try bytes.readKafkaRecordBatch())
        XCTAssertEqual(stored.baseOffset, 1)
        XCTAssertEqual(stored.partitionLeaderEpoch, 0)
        XCTAssertEqual(stored.crc, sent.crc)
        XCTAssertEqual(stored.records, sent.records)
        XCTAssertEqual([stored.producerId, Int64(stored.producerEpoch), Int64(stored.baseSequence)], [7, 1, 0])
    }

    func testMalformedBatchesAreRefusedAndLeaveTheLogUnchanged() async throws {
        var configuration = LogConfiguration()
        configuration.maxMessageBytes = 500
        let log = try await LogFixture.make(self).open(configuration: configuration)
        _ = try await log.append(try logTestBatch(["kept"]))

        let tooBig = try logTestBatch([String(repeating: "z", count: 600)])
        await XCTAssertThrowsLogError({ try await log.append(tooBig) }) {
            if case .batchTooLarge(let size, 500) = $0 { size > 600 } else { false }
        }
        let good = try logTestBatch(["x", "y"])
        let wrongCount = try RecordBatch(
            baseOffset: 0, partitionLeaderEpoch: -1, attributes: 0, lastOffsetDelta: 5, baseTimestamp: 0, maxTimestamp: 0,
            producerId: -1, producerEpoch: -1, baseSequence: -1, recordsCount: 2, records: good.records
        )
        await XCTAssertThrowsLogError({ try await log.append(wrongCount) }) {
            if case .invalidBatch = $0 { true } else { false }
        }
        var wire = ByteBuffer()
        wire.writeKafkaRecordBatch(good)
        wire.setInteger(UInt8(ascii: "Q"), at: wire.writerIndex - 2)  // inside the last record's value
        let corrupted = try XCTUnwrap(try wire.readKafkaRecordBatch())
        await XCTAssertThrowsLogError({ try await log.append([good, corrupted]) }) {
            $0 == .invalidBatch("record batch CRC mismatch")
        }
        await XCTAssertThrowsLogError({ try await log.append([]) }) {
            if case .invalidBatch = $0 { true } else { false }
        }

        let logEndOffset = await log.logEndOffset
        XCTAssertEqual(logEndOffset, 1)
        let next = try await log.append(good)
        XCTAssertEqual(next.baseOffset, 1)
        try await log.flush()
        let values = try await readAll(log).map(\.value)
        XCTAssertEqual(values, ["kept", "x", "y"])
    }

    func testLogAppendTimeStampsEachBatchWithTheAppendTime() async throws {
        var configuration = LogConfiguration()
        configuration.messageTimestampType = .logAppendTime
        let log = try await LogFixture.make(self).open(configuration: configuration, clock: { 1_700_000_000_123 })
        let result = try await log.append(try logTestBatch(["a", "b"], timestamp: 5))
        XCTAssertEqual(result.logAppendTime, 1_700_000_000_123)
        try await log.flush()
        var bytes = try await log.read(from: 0, maxBytes: 1).batches[0]
        let stored = try XCTUnwrap(try bytes.readKafkaRecordBatch())
        XCTAssertEqual(stored.timestampType, .logAppendTime)
        XCTAssertEqual(stored.maxTimestamp, 1_700_000_000_123)
        XCTAssertNoThrow(try stored.verifyChecksum())
    }

    func testConcurrentAppendsGetDistinctConsecutiveOffsetsAndAllBecomeDurable() async throws {
        let log = try await LogFixture.make(self).open(configuration: smallSegments(bytes: 2_000))
        let results = try await withThrowingTaskGroup(of: LogAppendResult.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let result = try await log.append(try logTestBatch(["c-\(index)", "d-\(index)"]))
                    try await log.flush(through: result.lastOffset)
                    let highWatermark = await log.highWatermark
                    XCTAssertGreaterThan(highWatermark, result.lastOffset)
                    return result
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(results.map(\.baseOffset).sorted(), stride(from: 0, to: 400, by: 2).map { Int64($0) })
        let records = try await readAll(log)
        XCTAssertEqual(records.count, 400)
        XCTAssertEqual(Set(records.map(\.value)).count, 400)
        for result in results {
            let values = records.filter { $0.offset >= result.baseOffset && $0.offset <= result.lastOffset }.map(\.value)
            XCTAssertEqual(values.count, 2)
            XCTAssertEqual(values[0].dropFirst(2), values[1].dropFirst(2), "a batch's records stay together")
        }
    }
}

extension PartitionLogAppendReadTests {
    func testAFileCutShortUnderAnOpenLogServesWhatIsWholeAndRefusesTheRest() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await fixture.open()
        for values in [["a"], ["b", "c"], ["d"]] {
            _ = try await log.append(try logTestBatch(values))
        }
        try await log.flush()
        let logPath = fixture.path(segmentFileName(0, "log"))
        let entries = entryRanges(of: try fileBytes(logPath))
        XCTAssertEqual(truncate(logPath, off_t(entries[1].upperBound - 10)), 0)  // inside the second entry's tag

        let fromStart = try await values(log, from: 0)
        XCTAssertEqual(fromStart, ["a"], "a read ends before the entry cut short")
        await XCTAssertThrowsLogError({ try await log.read(from: 1, maxBytes: 1 << 20) }) {
            $0 == .corruptBatch(topic: "orders", partition: 0, baseOffset: 1, lastOffset: 2)
        }
    }

    func testATopicNameThatIsNotKafkasCannotNameADirectory() async throws {
        let fixture = try await LogFixture.make(self)
        for (topic, partition): (String, Int32) in [("../escape", 0), ("a/b", 0), ("..", 0), ("", 0), ("ok", -1)] {
            await XCTAssertThrowsLogError({ try await fixture.open(topic: topic, partition: partition) }) {
                $0 == .invalidTopicPartition(topic: topic, partition: partition)
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory)
        XCTAssertFalse(names.contains("logs"), "nothing was created")
    }
}
