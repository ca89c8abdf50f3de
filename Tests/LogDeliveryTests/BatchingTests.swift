import XCTest

@testable import LogDelivery

/// How batches are cut to each destination's API limits, and what each destination makes of one.
final class BatchingTests: XCTestCase {
    func testBytesRecordsAndPerRecordOverheadAllLimitABatch() {
        let limits = BatchLimits(maximumBytes: 100, maximumRecords: 3, overheadPerRecord: 10)
        XCTAssertEqual(limits.count(fitting: [40, 40, 40]), 2, "3 × (40 + 10) > 100")
        XCTAssertEqual(limits.count(fitting: [10, 10, 10, 10]), 3, "the record limit")
        XCTAssertEqual(limits.count(fitting: [500, 1]), 1, "a line over the limit still goes, alone")
        XCTAssertEqual(limits.count(fitting: []), 0)
    }

    func testTheConfiguredSizeCapsADestinationsLimit() {
        let cloudWatch = CloudWatchLogsDestination.limits
        XCTAssertEqual(cloudWatch.capped(atBytes: 4096), BatchLimits(maximumBytes: 4096, maximumRecords: 10_000, overheadPerRecord: 26))
        XCTAssertEqual(cloudWatch.capped(atBytes: 8 << 20).maximumBytes, 1_048_576)
    }

    func testCloudWatchLimitsAreThe1MiBAnd10000EventRule() {
        let limits = CloudWatchLogsDestination.limits
        XCTAssertEqual(limits.count(fitting: Array(repeating: 1, count: 20_000)), 10_000)
        // 1,048,576 / (998 + 26) = 1,024 events of 998 bytes.
        XCTAssertEqual(limits.count(fitting: Array(repeating: 998, count: 2_000)), 1_024)
    }

    func testCloudWatchEventsAreInTimeOrderAndStableAmongEqualTimes() {
        let lines = [(5, "a"), (3, "b"), (5, "c"), (3, "d")].map { LogLine(bytes: Array($0.1.utf8), millisecondsSinceEpoch: Int64($0.0)) }
        XCTAssertEqual(CloudWatchLogsDestination.events(lines).map(\.message), ["b", "d", "a", "c"])
    }

    func testABatchSpanningMoreThanADayGoesToCloudWatchInSeveralCalls() {
        let hour: Int64 = 3_600_000
        let events = [0, 1, 23, 24, 30, 49].map { CloudWatchLogsDestination.PutLogEvents.Event(timestamp: $0 * hour, message: "\($0)") }
        XCTAssertEqual(CloudWatchLogsDestination.withinADay(events).map { $0.map(\.message) }, [["0", "1", "23"], ["24", "30"], ["49"]])
        XCTAssertEqual(CloudWatchLogsDestination.withinADay(Array(events.prefix(3))).count, 1)
        XCTAssertEqual(CloudWatchLogsDestination.withinADay([]).count, 0)
    }

    func testS3KeysNameTheBatchByItsBytesInTheLog() {
        let batch = LogBatch(
            start: LogPosition(file: "decisions-000002.jsonl", offset: 100),
            lines: [LogLine(bytes: Array("abc".utf8), millisecondsSinceEpoch: 0), LogLine(bytes: Array("de".utf8), millisecondsSinceEpoch: 0)],
            isFull: false
        )
        XCTAssertEqual(S3Destination.key(batch, prefix: "logs/portcullis", instance: "gw-1"), "logs/portcullis/gw-1/decisions-000002.jsonl/100-107.jsonl")
        XCTAssertEqual(S3Destination.key(batch, prefix: "", instance: "gw-1"), "gw-1/decisions-000002.jsonl/100-107.jsonl")
    }

    func testRetryDelaysDoubleWithJitterUpToTheMaximum() {
        let policy = RetryPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(1))
        XCTAssertEqual(policy.delay(afterFailures: 0, random: { $0.upperBound }), .milliseconds(100))
        XCTAssertEqual(policy.delay(afterFailures: 0, random: { $0.lowerBound }), .milliseconds(50))
        XCTAssertEqual(policy.delay(afterFailures: 3, random: { $0.upperBound }), .milliseconds(800))
        XCTAssertEqual(policy.delay(afterFailures: 4, random: { $0.upperBound }), .seconds(1))
        XCTAssertEqual(policy.delay(afterFailures: 1_000, random: { $0.upperBound }), .seconds(1))
        for failures in 0..<40 {
            XCTAssertLessThanOrEqual(policy.delay(afterFailures: failures), .seconds(1))
        }
    }
}
