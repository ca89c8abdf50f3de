import KafkaProtocol
import NIOCore
import XCTest
@testable import Gateway

/// The machine's upstream side: forwarding in order, failures answered with
/// retriable errors, renewal of the upstream's session, and who closed first.
final class SessionUpstreamTests: XCTestCase {
    private func heartbeat(_ correlationId: Int32) -> ByteBuffer {
        SessionFixture.frame(.heartbeat(HeartbeatRequest(groupId: "g")), version: 4, correlationId: correlationId)
    }

    func testRequestsSentWhileConnectingGoOutOnceConnected() {
        var driver = SessionDriver()
        driver.accept()
        driver.finishScram(driver.beginScram())
        XCTAssertFalse(driver.machine.isReading, "reading pauses while the upstream connects")
        driver.send(SessionFixture.metadata(10))
        XCTAssertTrue(driver.forwarded.isEmpty)
        let connected = driver.record(driver.machine.upstreamConnected(driver.upstreamID!, sessionLifetime: nil))
        XCTAssertEqual(driver.forwarded.count, 1)
        XCTAssertTrue(connected.contains { if case .setReading(true) = $0 { true } else { false } })
    }

    func testLocalAnswersWaitBehindForwardedRequests() {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        driver.send(SessionFixture.apiVersions(11))
        XCTAssertEqual(driver.answeredCorrelationIds, [1, 2, 3], "only the SASL answers so far")
        driver.record(driver.machine.upstreamResponded(driver.upstreamID!, frame: SessionFixture.upstreamResponse(10)) { frame, _ in (frame, []) })
        XCTAssertEqual(driver.answeredCorrelationIds, [1, 2, 3, 10, 11])
    }

    func testResponseOutOfOrderIsAnUpstreamFailure() {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        driver.record(driver.machine.upstreamResponded(driver.upstreamID!, frame: SessionFixture.upstreamResponse(99)) { frame, _ in (frame, []) })
        XCTAssertTrue(driver.actions.contains { if case .log(.upstreamLost(reason: "a response out of order", _)) = $0 { true } else { false } })
        XCTAssertEqual(driver.closeReason, "upstream connection lost with a Metadata request in flight")
    }

    func testUpstreamFailureAnswersRetriableRequestsAndTheNextRequestReconnects() {
        var driver = SessionDriver.authenticated()
        let first = driver.upstreamID!
        driver.send(heartbeat(10))
        driver.record(driver.machine.upstreamFailed(first, .disconnected, reason: "the upstream closed the connection"))
        XCTAssertEqual(driver.errorCodes(of: .heartbeat, version: 4), [KafkaErrorCode.coordinatorNotAvailable.rawValue])
        XCTAssertNil(driver.closeReason)
        driver.send(heartbeat(11))
        XCTAssertNotEqual(driver.upstreamID, first)
        XCTAssertTrue(driver.actions.contains { if case .connectUpstream(let id) = $0 { id != first } else { false } })
    }

    func testEventsOfAnUpstreamGivenUpOnAreIgnored() {
        var driver = SessionDriver.authenticated()
        let old = driver.upstreamID!
        driver.record(driver.machine.upstreamFailed(old, .disconnected, reason: "gone"))
        driver.send(heartbeat(10))
        let count = driver.actions.count
        driver.record(driver.machine.upstreamFailed(old, .disconnected, reason: "gone again"))
        driver.record(driver.machine.upstreamResponded(old, frame: SessionFixture.upstreamResponse(10)) { frame, _ in (frame, []) })
        XCTAssertEqual(driver.actions.count, count)
        XCTAssertEqual(driver.machine.upstreamConnected(old, sessionLifetime: nil).count, 1, "a stray connection is closed")
    }

    /// Fault 9: a client that leaves first is not an upstream failure.
    func testClientClosingFirstIsNotLoggedAsAnUpstreamFailure() {
        var driver = SessionDriver.authenticated()
        let id = driver.upstreamID!
        driver.send(SessionFixture.metadata(10))
        let closed = driver.record(driver.machine.clientClosed())
        XCTAssertTrue(closed.contains { if case .log(.clientDisconnected) = $0 { true } else { false } })
        XCTAssertTrue(closed.contains { if case .closeUpstream(id) = $0 { true } else { false } })
        XCTAssertTrue(driver.machine.upstreamFailed(id, .disconnected, reason: "the upstream closed the connection").isEmpty)
        XCTAssertFalse(driver.actions.contains { if case .log(.upstreamLost) = $0 { true } else { false } })
    }

    func testUpstreamRenewalHoldsRequestsUntilRenewed() {
        var driver = SessionDriver()
        driver.accept()
        driver.finishScram(driver.beginScram())
        let id = driver.upstreamID!
        driver.record(driver.machine.upstreamConnected(id, sessionLifetime: .seconds(10)))
        XCTAssertEqual(driver.timers[.upstreamRenewal]?.at, driver.now + .seconds(9))
        driver.send(SessionFixture.metadata(10))
        let renewal = driver.fire(.upstreamRenewal)
        XCTAssertTrue(renewal.contains { if case .setReading(false) = $0 { true } else { false } })
        XCTAssertFalse(renewal.contains { if case .renewUpstream = $0 { true } else { false } }, "one request still in flight")
        driver.send(SessionFixture.metadata(11))
        XCTAssertEqual(driver.forwarded.count, 1, "held")
        let answered = driver.record(driver.machine.upstreamResponded(id, frame: SessionFixture.upstreamResponse(10)) { frame, _ in (frame, []) })
        XCTAssertTrue(answered.contains { if case .renewUpstream(id) = $0 { true } else { false } })
        driver.record(driver.machine.upstreamRenewed(id, sessionLifetime: .seconds(10)))
        XCTAssertEqual(driver.forwarded.count, 2)
        XCTAssertTrue(driver.machine.isReading)
        XCTAssertNotNil(driver.timers[.upstreamRenewal])
    }

    func testRefusedRenewalAnswersHeldRequestsAsLost() {
        var driver = SessionDriver()
        driver.accept()
        driver.finishScram(driver.beginScram())
        let id = driver.upstreamID!
        driver.record(driver.machine.upstreamConnected(id, sessionLifetime: .seconds(10)))
        driver.fire(.upstreamRenewal)
        driver.send(heartbeat(10))
        driver.record(driver.machine.upstreamFailed(id, .disconnected, reason: "re-authentication to the upstream failed"))
        XCTAssertEqual(driver.errorCodes(of: .heartbeat, version: 4), [KafkaErrorCode.coordinatorNotAvailable.rawValue])
        XCTAssertTrue(driver.forwarded.isEmpty)
        XCTAssertTrue(driver.machine.isReading)
    }

    func testPassThroughOnlyForTheNextResponseThatNeedsNoRewriting() {
        var driver = SessionDriver.authenticated()
        let id = driver.upstreamID!
        driver.send(heartbeat(10))
        let start = SessionFixture.upstreamResponse(10, size: 100).getSlice(at: 0, length: 20)!
        XCTAssertFalse(driver.machine.mayPassThrough(id, responseStart: start) { _ in true })
        XCTAssertTrue(driver.machine.mayPassThrough(id, responseStart: start) { _ in false })
        driver.record(driver.machine.upstreamPassThroughBegan(id, firstPart: start))
        driver.send(SessionFixture.apiVersions(11))
        XCTAssertEqual(driver.machine.upstreamReadComplete(id).count, 1, "flushed per read batch")
        driver.record(driver.machine.upstreamPassedThrough(id, part: ByteBuffer(repeating: 0, count: 84), isLast: true))
        let written = driver.written.suffix(3).map(\.readableBytes)
        XCTAssertEqual(Array(written.prefix(2)), [20, 84], "the response passed through whole")
        XCTAssertEqual(driver.answeredCorrelationIds.last, 11, "ApiVersions waited for the passing response")
    }
}
