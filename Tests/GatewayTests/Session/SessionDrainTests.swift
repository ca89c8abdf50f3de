import KafkaProtocol
import NIOCore
import XCTest
@testable import Gateway

/// A shutdown drains a connection: no more requests are read, those read
/// are answered, then it closes.
final class SessionDrainTests: XCTestCase {
    func testARequestInFlightIsAnsweredBeforeTheConnectionCloses() {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        let drained = driver.record(driver.machine.drain())
        XCTAssertTrue(drained.contains { if case .setReading(false) = $0 { true } else { false } })
        XCTAssertNil(driver.closeReason, "a request is in flight")
        XCTAssertFalse(driver.machine.isReading)

        driver.record(driver.machine.upstreamResponded(driver.upstreamID!, frame: SessionFixture.upstreamResponse(10)) { frame, _ in (frame, []) })
        XCTAssertNil(driver.closeReason, "the handler asks after the event")
        driver.record(driver.machine.closeIfDrained())
        XCTAssertEqual(driver.answeredCorrelationIds.last, 10)
        XCTAssertEqual(driver.closeReason, SessionStateMachine.shutdownReason)
    }

    func testAnIdleSessionClosesAtOnce() {
        var driver = SessionDriver.authenticated()
        driver.record(driver.machine.drain())
        XCTAssertEqual(driver.closeReason, SessionStateMachine.shutdownReason)
        XCTAssertTrue(driver.machine.isClosed)
    }

    func testAConnectionStillAuthenticatingClosesAtOnce() {
        var driver = SessionDriver(SessionFixture.configuration())
        driver.accept()
        driver.record(driver.machine.drain())
        XCTAssertEqual(driver.closeReason, SessionStateMachine.shutdownReason)
    }

    /// Nothing reading resumes a draining connection: not a client that takes its responses again.
    func testReadingNeverResumesWhileDraining() {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        driver.record(driver.machine.clientWritabilityChanged(isWritable: false))
        driver.record(driver.machine.drain())
        let resumed = driver.record(driver.machine.clientWritabilityChanged(isWritable: true))
        XCTAssertFalse(resumed.contains { if case .setReading(true) = $0 { true } else { false } })
        XCTAssertFalse(driver.machine.isReading)
    }
}
