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

        let taken = queue.take(upTo: 2, waitingUntil: nil)
        XCTAssertEqual(taken.events.map { $0.connection?.clientPort }, [1024, 1025])
        XCTAssertEqual(taken.left, 1)
        XCTAssertFalse(queue.enqueue(sampleDecision(5)), "taken is not written: the room is still held")
        queue.markWritten(2)
        XCTAssertFalse(queue.isSaturated)
        XCTAssertTrue(queue.enqueue(sampleDecision(6)))
        XCTAssertEqual(queue.takeRefusedCount(), 3)
        XCTAssertEqual(queue.takeRefusedCount(), 0)
    }

    func testTakeWaitsForARecordOrTheDeadline() {
        let queue = AuditQueue(capacity: 10)
        let start = ContinuousClock.now
        XCTAssertTrue(queue.take(upTo: 10, waitingUntil: start + .milliseconds(50)).events.isEmpty)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(50))

        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { _ = queue.enqueue(sampleDecision()) }
        XCTAssertEqual(queue.take(upTo: 10, waitingUntil: nil).events.count, 1)
    }

    func testClosingWakesTheWriterAndRefusesWithoutCountingItFull() {
        let queue = AuditQueue(capacity: 10)
        XCTAssertTrue(queue.enqueue(sampleDecision()))
        queue.close(deadline: .now + .seconds(1))
        XCTAssertFalse(queue.enqueue(sampleDecision()))
        XCTAssertFalse(queue.isSaturated)
        let taken = queue.take(upTo: 10, waitingUntil: nil)
        XCTAssertEqual(taken.events.count, 1)
        XCTAssertTrue(taken.closing)
        XCTAssertTrue(queue.take(upTo: 10, waitingUntil: nil).events.isEmpty, "returns at once when closing")
    }
}
