import KafkaProtocol
import NIOCore
import XCTest
@testable import Gateway

/// Why reading pauses: the memory bounds of a connection.
final class SessionBackpressureTests: XCTestCase {
    /// Fault 5: answers the gateway makes itself must not pile up behind a
    /// response that has not come.
    func testReadingPausesWhileAnswersQueueBehindAnUnansweredRequest() {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        var sent: Int32 = 0
        while driver.machine.isReading, sent < 100_000 {
            sent += 1
            driver.send(SessionFixture.apiVersions(100 + sent))
        }
        XCTAssertFalse(driver.machine.isReading)
        XCTAssertLessThan(driver.machine.responses.queuedBytes, 1024 * 1024 + 4096, "at most one answer past the limit")
        driver.record(driver.machine.upstreamResponded(driver.upstreamID!, frame: SessionFixture.upstreamResponse(10)) { frame, _ in (frame, []) })
        XCTAssertTrue(driver.machine.isReading)
        XCTAssertEqual(driver.machine.responses.queuedBytes, 0)
        XCTAssertEqual(driver.answeredCorrelationIds.count, 3 + 1 + Int(sent))
    }

    func testClientThatStopsReadingIsNotRead() {
        var driver = SessionDriver.authenticated()
        let paused = driver.record(driver.machine.clientWritabilityChanged(isWritable: false))
        XCTAssertTrue(paused.contains { if case .setReading(false) = $0 { true } else { false } })
        XCTAssertTrue(paused.contains { if case .setUpstreamReading(false, _) = $0 { true } else { false } })
        let resumed = driver.record(driver.machine.clientWritabilityChanged(isWritable: true))
        XCTAssertTrue(resumed.contains { if case .setReading(true) = $0 { true } else { false } })
    }

    func testReadingResumesOnlyWhenEveryReasonIsGone() {
        var driver = SessionDriver.authenticated()
        driver.record(driver.machine.clientWritabilityChanged(isWritable: false))
        driver.record(driver.machine.memoryBudgetChanged(hasRoom: false))
        driver.record(driver.machine.upstreamWritabilityChanged(driver.upstreamID!, isWritable: false))
        XCTAssertTrue(driver.record(driver.machine.clientWritabilityChanged(isWritable: true)).isEmpty == false)
        XCTAssertFalse(driver.machine.isReading)
        driver.record(driver.machine.memoryBudgetChanged(hasRoom: true))
        XCTAssertFalse(driver.machine.isReading)
        let last = driver.record(driver.machine.upstreamWritabilityChanged(driver.upstreamID!, isWritable: true))
        XCTAssertTrue(last.contains { if case .setReading(true) = $0 { true } else { false } })
        XCTAssertTrue(driver.machine.isReading)
    }

    func testClosedMachineNeverResumesReading() {
        var driver = SessionDriver.authenticated()
        driver.record(driver.machine.memoryBudgetChanged(hasRoom: false))
        driver.record(driver.machine.clientClosed())
        XCTAssertTrue(driver.machine.memoryBudgetChanged(hasRoom: true).isEmpty)
        XCTAssertFalse(driver.machine.isReading)
    }
}
