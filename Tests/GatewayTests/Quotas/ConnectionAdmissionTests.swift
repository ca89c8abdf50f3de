import Authorization
import NIOCore
import XCTest
@testable import Gateway

/// Connections counted against each bound as they open and close.
final class ConnectionAdmissionTests: XCTestCase {
    private let now = NIODeadline.uptimeNanoseconds(5_000_000_000)
    private let first = IPAddress("10.1.0.1")!
    private let second = IPAddress("10.1.0.2")!

    private func admit(_ admission: ConnectionAdmission, _ address: IPAddress, listener: String = "SASL_SSL",
                       rate: Double? = nil, at time: NIODeadline? = nil) -> ConnectionAdmission.Refusal? {
        admission.admit(listener: listener, address: address, addressRate: rate, now: time ?? now)
    }

    func testTheGatewayAndListenerMaximumsHoldUntilAConnectionCloses() {
        var limits = ConnectionLimits()
        limits.maximum = 3
        limits.perListener = ["SASL_SSL": 2]
        let admission = ConnectionAdmission(limits: limits)
        XCTAssertNil(admit(admission, first))
        XCTAssertNil(admit(admission, second))
        XCTAssertEqual(admit(admission, first), .listenerMaximum)
        XCTAssertNil(admit(admission, first, listener: "SSL"))
        XCTAssertEqual(admit(admission, first, listener: "SSL"), .maximum)
        admission.closed(listener: "SASL_SSL", address: second)
        XCTAssertNil(admit(admission, second))
    }

    func testAnAddressMaximumAndItsOverride() {
        var limits = ConnectionLimits()
        limits.perAddress = 1
        limits.perAddressOverrides = [second: 2]
        let admission = ConnectionAdmission(limits: limits)
        XCTAssertNil(admit(admission, first))
        XCTAssertEqual(admit(admission, first), .addressMaximum)
        XCTAssertNil(admit(admission, second))
        XCTAssertNil(admit(admission, second))
        XCTAssertEqual(admit(admission, second), .addressMaximum)
        admission.closed(listener: "SASL_SSL", address: first)
        XCTAssertNil(admit(admission, first))
    }

    func testABlockMaximumCountsItsAddressesTogether() throws {
        var limits = ConnectionLimits()
        limits.perBlock = [.init(block: try CIDRBlock("10.1.0.0/16"), maximum: 2)]
        let admission = ConnectionAdmission(limits: limits)
        XCTAssertNil(admit(admission, first))
        XCTAssertNil(admit(admission, second))
        XCTAssertEqual(admit(admission, IPAddress("10.1.200.3")!), .blockMaximum)
        XCTAssertNil(admit(admission, IPAddress("10.2.0.1")!), "outside the block")
    }

    /// A second's worth at once, then one per 1/rate seconds.
    func testTheListenerCreationRate() {
        var limits = ConnectionLimits()
        limits.creationRate = 5
        let admission = ConnectionAdmission(limits: limits)
        for _ in 0..<5 { XCTAssertNil(admit(admission, first)) }
        XCTAssertEqual(admit(admission, first), .creationRate)
        XCTAssertEqual(admit(admission, first, at: now + .milliseconds(150)), .creationRate)
        XCTAssertNil(admit(admission, first, at: now + .milliseconds(210)))
        XCTAssertNil(admit(admission, first, listener: "OTHER"), "each listener has its own rate")
    }

    func testAnAddressCreationRateFromTheQuotas() {
        let admission = ConnectionAdmission(limits: ConnectionLimits())
        XCTAssertNil(admit(admission, first, rate: 2))
        XCTAssertNil(admit(admission, first, rate: 2))
        XCTAssertEqual(admit(admission, first, rate: 2), .addressCreationRate)
        XCTAssertNil(admit(admission, second, rate: 2), "each address has its own rate")
        XCTAssertNil(admit(admission, first, rate: 2, at: now + .seconds(1)))
    }

    func testPrincipalSlotsAreCountedAndGivenBack() {
        var limits = ConnectionLimits()
        limits.perPrincipal = 2
        let admission = ConnectionAdmission(limits: limits)
        XCTAssertTrue(admission.claim(principal: "alice"))
        XCTAssertTrue(admission.claim(principal: "alice"))
        XCTAssertFalse(admission.claim(principal: "alice"))
        XCTAssertTrue(admission.claim(principal: "bob"))
        admission.release(principal: "alice")
        XCTAssertTrue(admission.claim(principal: "alice"))
    }
}
