import XCTest
@testable import Audit

final class AuditQueueTests: XCTestCase {
    func testRefusesBeyondCapacityUntilTheWriterFreesRoom() {
        let queue = AuditQueue(capacity: 3)
        XCTAssertEqual((0..<3).map { queue.enqueue(sampleDecision($0)) }, [true, true, true])
        XCTAssertFalse(queue.isSaturated)
        XCTAssertFalse(queue.enqueue(sampleDecision(3)))
        XCTAssertFalse(queue.enqueue(sampleDecision(4)))
        XCTAssertTrue(queue.isSaturated)

        var batch: [AuditEvent] = []
        XCTAssertEqual(queue.take(upTo: 2, into: &batch, waitingUntil: nil).left, 1)
        XCTAssertEqual(batch.map { $0.connection?.clientPort }, [1024, 1025])
        XCTAssertFalse(queue.enqueue(sampleDecision(5)), "taken is not written: the room is still held")
        queue.markWritten(2)
        XCTAssertFalse(queue.isSaturated)
        XCTAssertTrue(queue.enqueue(sampleDecision(6)))
        XCTAssertEqual(queue.takeRefusedCount(), 3)
        XCTAssertEqual(queue.takeRefusedCount(), 0)
    }

    func testTakeWaitsForARecordOrTheDeadline() {
        let queue = AuditQueue(capacity: 10)
        var batch = [sampleDecision()]
        let start = ContinuousClock.now
        _ = queue.take(upTo: 10, into: &batch, waitingUntil: start + .milliseconds(50))
        XCTAssertTrue(batch.isEmpty, "what the batch held is dropped")
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(50))

        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { _ = queue.enqueue(sampleDecision()) }
        _ = queue.take(upTo: 10, into: &batch, waitingUntil: nil)
        XCTAssertEqual(batch.count, 1)
    }

    func testClosingWakesTheWriterAndRefusesWithoutCountingItFull() {
        let queue = AuditQueue(capacity: 10)
        XCTAssertTrue(queue.enqueue(sampleDecision()))
        queue.close(deadline: .now + .seconds(1))
        XCTAssertFalse(queue.enqueue(sampleDecision()))
        XCTAssertFalse(queue.isSaturated)
        var batch: [AuditEvent] = []
        XCTAssertTrue(queue.take(upTo: 10, into: &batch, waitingUntil: nil).closing)
        XCTAssertEqual(batch.count, 1)
        _ = queue.take(upTo: 10, into: &batch, waitingUntil: nil)
        XCTAssertTrue(batch.isEmpty, "returns at once when closing")
    }

    func testClosingCutsARetryPauseShortAtItsDeadline() {
        let queue = AuditQueue(capacity: 10)
        let start = ContinuousClock.now
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { queue.close(deadline: .now + .milliseconds(50)) }
        queue.pause(for: .seconds(3_600))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(5), "the pause outlived the closing deadline")
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(100), "the pause ends at the deadline, not at the close")
    }

    func testTheOldestRecordNotYetWrittenIsTheOneThatWaitsLongest() throws {
        let queue = AuditQueue(capacity: 10)
        XCTAssertNil(queue.oldestOutstandingSince)
        var accepted: [ContinuousClock.Instant] = []
        for index in 0..<3 {
            XCTAssertTrue(queue.enqueue(sampleDecision(index)))
            accepted.append(try XCTUnwrap(queue.oldestOutstandingSince))
            Thread.sleep(forTimeInterval: 0.002)
        }
        XCTAssertEqual(Set(accepted).count, 1, "the first record stays the oldest while it waits")
        var batch: [AuditEvent] = []
        _ = queue.take(upTo: 10, into: &batch, waitingUntil: nil)
        XCTAssertEqual(queue.oldestOutstandingSince, accepted[0], "taken is not written: it still waits")
        queue.markWritten(1)
        let second = try XCTUnwrap(queue.oldestOutstandingSince)
        XCTAssertGreaterThan(second, accepted[0])
        queue.markWritten(2)
        XCTAssertNil(queue.oldestOutstandingSince, "all written")
        XCTAssertTrue(queue.enqueue(sampleDecision(3)))
        XCTAssertGreaterThan(try XCTUnwrap(queue.oldestOutstandingSince), second, "a new record after all were written")
    }
}
