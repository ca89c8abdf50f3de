import KafkaProtocol
import NIOCore
import PolicyStore
import XCTest
@testable import Gateway

/// A response past a quota tells the client how long to wait, and the
/// connection reads nothing more until then (Kafka's KIP-219 behaviour).
final class SessionThrottleTests: XCTestCase {
    private func metadataResponse(_ correlationId: Int32) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try KafkaResponseFrame(header: ResponseHeader(correlationId: correlationId), body: .metadata(MetadataResponse()), apiVersion: 4)
            .encode(into: &buffer)
        return buffer
    }

    private func throttle(_ milliseconds: Int64, at now: NIODeadline) -> Throttle {
        Throttle(duration: .milliseconds(milliseconds), quota: .requestPercentage, decidedAt: now)
    }

    private func throttleTimes(_ driver: SessionDriver) -> [Int32] {
        driver.written.compactMap { frame in
            guard let response = try? KafkaResponseFrame(decoding: frame.getSlice(at: 4, length: frame.readableBytes - 4)!,
                                                         apiKey: .metadata, apiVersion: 4),
                  case .metadata(let body) = response.body else { return nil }
            return body.throttleTimeMs
        }
    }

    private func respond(_ driver: inout SessionDriver, _ correlationId: Int32, throttle: Throttle?) throws -> [SessionAction] {
        driver.record(driver.machine.upstreamResponded(
            driver.upstreamID!, frame: try metadataResponse(correlationId), throttle: throttle
        ) { frame, _ in (frame, []) })
    }

    func testAThrottledResponseCarriesItsWaitAndReadingPausesUntilItIsOver() throws {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        let actions = try respond(&driver, 10, throttle: throttle(300, at: driver.now))
        XCTAssertEqual(throttleTimes(driver), [300])
        XCTAssertTrue(actions.contains { if case .setReading(false) = $0 { true } else { false } })
        XCTAssertTrue(actions.contains { if case .count(.throttled(let told)) = $0 { told.duration == .milliseconds(300) } else { false } })
        XCTAssertFalse(driver.machine.isReading)

        let resumed = driver.fire(.throttle)
        XCTAssertTrue(resumed.contains { if case .setReading(true) = $0 { true } else { false } })
        XCTAssertTrue(driver.machine.isReading)
    }

    /// A shorter wait told while a longer one runs does not cut it short; a longer one extends it.
    func testOnlyALongerWaitReplacesTheOneRunning() throws {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        driver.send(SessionFixture.metadata(11))
        driver.send(SessionFixture.metadata(12))
        try respond(&driver, 10, throttle: throttle(500, at: driver.now))
        let end = driver.timers[.throttle]!.at
        try respond(&driver, 11, throttle: throttle(100, at: driver.now))
        XCTAssertEqual(driver.timers[.throttle]!.at, end, "the shorter wait armed nothing")
        try respond(&driver, 12, throttle: throttle(900, at: driver.now))
        XCTAssertEqual(driver.timers[.throttle]!.at, driver.now + .milliseconds(900))
        XCTAssertEqual(throttleTimes(driver), [500, 100, 900], "each response tells its own wait")
        driver.fire(.throttle)
        XCTAssertTrue(driver.machine.isReading)
    }

    /// A Produce request's wait is known when it is read: reading pauses at
    /// once, so requests pipelined behind it wait, and its response tells it.
    func testAProduceRequestOverItsQuotaPausesReadingAtOnceAndItsResponseTellsTheWait() throws {
        var driver = SessionDriver.authenticated()
        var body = AuthorizationFixture.produce(["orders"])
        if case .produce(var request) = body {
            request.acks = 1
            body = .produce(request)
        }
        driver.send(SessionFixture.frame(body, version: 9, correlationId: 10))
        let paused = driver.record(driver.machine.produceThrottled(
            Throttle(duration: .milliseconds(400), quota: .producerByteRate, decidedAt: driver.now)
        ))
        XCTAssertTrue(paused.contains { if case .setReading(false) = $0 { true } else { false } })
        XCTAssertFalse(driver.machine.isReading, "a request behind it waits")

        var response = ByteBuffer()
        try KafkaResponseFrame(header: ResponseHeader(correlationId: 10), body: .produce(ProduceResponse()), apiVersion: 9)
            .encode(into: &response)
        let answered = driver.record(driver.machine.upstreamResponded(driver.upstreamID!, frame: response) { frame, _ in (frame, []) })
        XCTAssertFalse(answered.contains { if case .count(.throttled) = $0 { true } else { false } }, "counted once, when read")
        let written = try XCTUnwrap(driver.written.last)
        let decoded = try KafkaResponseFrame(decoding: written.getSlice(at: 4, length: written.readableBytes - 4)!, apiKey: .produce, apiVersion: 9)
        guard case .produce(let produce) = decoded.body else { return XCTFail("not a Produce response") }
        XCTAssertEqual(produce.throttleTimeMs, 400)
        driver.fire(.throttle)
        XCTAssertTrue(driver.machine.isReading)
    }

    func testAnUnthrottledResponseChangesNothing() throws {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        let actions = try respond(&driver, 10, throttle: nil)
        XCTAssertEqual(throttleTimes(driver), [0])
        XCTAssertFalse(actions.contains { if case .setReading(false) = $0 { true } else { false } })
        XCTAssertNil(driver.timers[.throttle])
    }

    /// Pausing for a quota and for backpressure are separate reasons: either alone keeps reading off.
    func testTheWaitAndBackpressureAreSeparateReasons() throws {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        try respond(&driver, 10, throttle: throttle(200, at: driver.now))
        driver.record(driver.machine.clientWritabilityChanged(isWritable: false))
        driver.fire(.throttle)
        XCTAssertFalse(driver.machine.isReading, "the client is still not reading its responses")
        driver.record(driver.machine.clientWritabilityChanged(isWritable: true))
        XCTAssertTrue(driver.machine.isReading)
    }

    /// A quota removed while a wait runs: the next response carries no throttle, and the wait
    /// already told to the client is kept to its end (the client is waiting that long anyway).
    func testAResponseWithoutAThrottleLeavesTheRunningWaitToItsEnd() throws {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        driver.send(SessionFixture.metadata(11))
        try respond(&driver, 10, throttle: throttle(500, at: driver.now))
        let end = driver.timers[.throttle]!.at
        let unthrottled = try respond(&driver, 11, throttle: nil)
        XCTAssertFalse(unthrottled.contains { if case .setReading = $0 { true } else { false } })
        XCTAssertEqual(driver.timers[.throttle]?.at, end)
        XCTAssertFalse(driver.machine.isReading)
        XCTAssertEqual(throttleTimes(driver), [500, 0])
        driver.fire(.throttle)
        XCTAssertTrue(driver.machine.isReading)
    }

    /// The principal disabled while its connection waits out a throttle: closed at once, and the
    /// wait's end reads nothing on the closed connection.
    func testAPrincipalDisabledDuringAThrottleIsClosedAndTheWaitsEndResumesNothing() throws {
        var driver = SessionDriver.authenticated()
        driver.send(SessionFixture.metadata(10))
        try respond(&driver, 10, throttle: throttle(500, at: driver.now))
        XCTAssertFalse(driver.changePolicy(SessionFixture.policy(["alice": false])).isEmpty)
        XCTAssertEqual(driver.closeReason, "principal removed or disabled")
        let ended = driver.fire(.throttle)
        XCTAssertFalse(ended.contains { if case .setReading = $0 { true } else { false } })
        XCTAssertFalse(driver.machine.isReading)
    }
}

/// `max.connections.per.principal`, as the machine claims slots at a first authentication.
final class SessionPrincipalSlotTests: XCTestCase {
    private final class Slots: PrincipalConnectionSlots, @unchecked Sendable {
        var open: [String: Int] = [:]
        let maximum: Int
        init(maximum: Int) { self.maximum = maximum }
        func claim(principal: String) -> Bool {
            guard open[principal, default: 0] < maximum else { return false }
            open[principal, default: 0] += 1
            return true
        }
        func release(principal: String) { open[principal, default: 0] -= 1 }
    }

    func testAPrincipalOverItsMaximumIsRefusedWithAClearMessage() {
        let slots = Slots(maximum: 1)
        var configuration = SessionFixture.configuration()
        configuration.principalSlots = slots
        var first = SessionDriver(configuration)
        first.accept()
        first.authenticate()
        XCTAssertEqual(first.machine.claimedPrincipalSlot, "alice")
        XCTAssertEqual(slots.open["alice"], 1)

        var second = SessionDriver(configuration)
        second.accept()
        second.finishScram(second.beginScram(as: "alice"))
        XCTAssertEqual(second.errorCodes(of: .saslAuthenticate, version: 2).last, KafkaErrorCode.saslAuthenticationFailed.rawValue)
        XCTAssertTrue(second.closeReason?.contains("max.connections.per.principal") == true, second.closeReason ?? "not closed")
        XCTAssertNil(second.machine.claimedPrincipalSlot)
        XCTAssertTrue(second.actions.contains {
            if case .count(.refused(let reason)) = $0 { reason == "max-connections-per-principal" } else { false }
        })
        XCTAssertEqual(slots.open["alice"], 1)
    }

    /// A re-authentication keeps the slot it has: it claims no second one.
    func testReauthenticationClaimsNoSecondSlot() {
        let slots = Slots(maximum: 1)
        var configuration = SessionFixture.configuration()
        configuration.principalSlots = slots
        var driver = SessionDriver(configuration)
        driver.accept()
        driver.authenticate()
        driver.now = driver.now + .seconds(2)
        driver.finishScram(driver.beginScram(as: "alice", correlationId: 6), correlationId: 8)
        XCTAssertNil(driver.closeReason)
        XCTAssertEqual(slots.open["alice"], 1)
    }
}
