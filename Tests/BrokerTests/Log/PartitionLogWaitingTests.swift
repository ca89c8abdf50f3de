import Broker
import XCTest

final class PartitionLogWaitingTests: XCTestCase {
    func testAWaitingFetchWakesWhenDataBecomesDurable() async throws {
        let log = try await LogFixture.make(self).open()
        let clock = ContinuousClock()
        let start = clock.now
        async let woke = log.waitForData(at: 0, timeout: .seconds(20))
        try await Task.sleep(for: .milliseconds(50))
        let result = try await log.append(try logTestBatch(["a"]))
        let hasData = await woke
        XCTAssertTrue(hasData)
        XCTAssertLessThan(start.duration(to: clock.now), .seconds(10))
        let highWatermark = await log.highWatermark
        XCTAssertGreaterThan(highWatermark, result.lastOffset)
    }

    func testAWaitEndsAtItsTimeoutWithoutData() async throws {
        let log = try await LogFixture.make(self).open()
        _ = try await log.append(try logTestBatch(["a"]))
        try await log.flush()
        let available = await log.waitForData(at: 0, timeout: .seconds(5))
        XCTAssertTrue(available, "data already there answers at once")

        let clock = ContinuousClock()
        let start = clock.now
        let hasData = await log.waitForData(at: 1, timeout: .milliseconds(200))
        let waited = start.duration(to: clock.now)
        XCTAssertFalse(hasData)
        XCTAssertGreaterThanOrEqual(waited, .milliseconds(200))
        XCTAssertLessThan(waited, .seconds(5))
    }

    func testCancellingOrClosingEndsAWait() async throws {
        let log = try await LogFixture.make(self).open()
        let clock = ContinuousClock()
        let start = clock.now
        let waiting = Task { await log.waitForData(at: 0, timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        let cancelled = await waiting.value
        XCTAssertFalse(cancelled)

        let second = Task { await log.waitForData(at: 0, timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        await log.close()
        let closed = await second.value
        XCTAssertFalse(closed)
        XCTAssertLessThan(start.duration(to: clock.now), .seconds(10))
        await XCTAssertThrowsLogError({ try await log.append(try logTestBatch(["late"])) }) { $0 == .closed }
    }

    func testFlushMakesTheHighWatermarkPassTheOffset() async throws {
        let log = try await LogFixture.make(self).open()
        var last: Int64 = -1
        for index in 0..<50 {
            last = try await log.append(try logTestBatch(["v\(index)"])).lastOffset
        }
        try await log.flush(through: last)
        let highWatermark = await log.highWatermark
        XCTAssertEqual(highWatermark, 50)
        try await log.flush(through: 10_000)  // past the end: as far as the end
    }
}
