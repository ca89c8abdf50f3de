import Broker
import XCTest

final class PartitionLogTimestampTests: XCTestCase {
    /// Batch i holds offsets 3i...3i+2 with timestamps 1000(i+1) + 0, 10, 20.
    private func makeLog(_ fixture: LogFixture) async throws -> PartitionLog {
        let log = try await fixture.open(configuration: smallSegments())
        for index in 0..<12 {
            _ = try await log.append(try logTestBatch(["a\(index)", "b\(index)", "c\(index)"], timestamp: 1_000 * Int64(index + 1), step: 10))
        }
        try await log.flush()
        return log
    }

    func testFindsTheFirstRecordAtOrAfterTheTimestampAcrossSegments() async throws {
        let fixture = try await LogFixture.make(self)
        let log = try await makeLog(fixture)
        let segments = await log.segmentBaseOffsets
        XCTAssertGreaterThan(segments.count, 2)
        try await assertLookups(log)
        await log.close()

        let reopened = try await fixture.open(configuration: smallSegments())
        try await assertLookups(reopened)
    }

    private func assertLookups(_ log: PartitionLog, file: StaticString = #filePath, line: UInt = #line) async throws {
        let cases: [(Int64, TimestampAndOffset?)] = [
            (0, .init(timestamp: 1_000, offset: 0)),
            (1_000, .init(timestamp: 1_000, offset: 0)),
            (1_001, .init(timestamp: 1_010, offset: 1)),
            (2_010, .init(timestamp: 2_010, offset: 4)),
            (2_015, .init(timestamp: 2_020, offset: 5)),
            (2_021, .init(timestamp: 3_000, offset: 6)),
            (9_999, .init(timestamp: 10_000, offset: 27)),
            (12_020, .init(timestamp: 12_020, offset: 35)),
            (12_021, nil),
        ]
        for (timestamp, expected) in cases {
            let found = try await log.offset(forTimestamp: timestamp)
            XCTAssertEqual(found, expected, "timestamp \(timestamp)", file: file, line: line)
        }
    }

    func testTimestampsOutOfOrderGiveTheEarliestOffsetReachingTheTarget() async throws {
        let log = try await LogFixture.make(self).open()
        _ = try await log.append(try logTestBatch(["late"], timestamp: 5_000))
        _ = try await log.append(try logTestBatch(["early"], timestamp: 1_000))
        _ = try await log.append(try logTestBatch(["middle"], timestamp: 3_000))
        try await log.flush()
        let at2000 = try await log.offset(forTimestamp: 2_000)
        XCTAssertEqual(at2000, TimestampAndOffset(timestamp: 5_000, offset: 0))
        let at900 = try await log.offset(forTimestamp: 900)
        XCTAssertEqual(at900, TimestampAndOffset(timestamp: 5_000, offset: 0))
    }

    func testLogAppendTimeBatchesAnswerWithTheirAppendTime() async throws {
        var configuration = LogConfiguration()
        configuration.messageTimestampType = .logAppendTime
        let now = ManualClock(1_000)
        let log = try await LogFixture.make(self).open(configuration: configuration, clock: { now.value })
        _ = try await log.append(try logTestBatch(["a", "b"], timestamp: 1))
        now.value = 2_000
        _ = try await log.append(try logTestBatch(["c", "d"], timestamp: 1))
        try await log.flush()
        let found = try await log.offset(forTimestamp: 1_500)
        XCTAssertEqual(found, TimestampAndOffset(timestamp: 2_000, offset: 2))
    }
}
