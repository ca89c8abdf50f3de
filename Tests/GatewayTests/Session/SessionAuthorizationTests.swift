import Authorization
import KafkaProtocol
import NIOCore
import XCTest
@testable import Gateway

/// Authorization as a step of the session: what is denied never reaches the
/// upstream, the decision log hears every DENY and each first ALLOW, and a
/// policy change applies from the next request of an open connection.
final class SessionAuthorizationTests: XCTestCase {
    private func produce(_ correlationId: Int32, acks: Int16 = -1) -> ByteBuffer {
        var body = AuthorizationFixture.produce(["orders"])
        if case .produce(var request) = body {
            request.acks = acks
            body = .produce(request)
        }
        return SessionFixture.frame(body, version: 9, correlationId: correlationId)
    }

    private func records(_ driver: SessionDriver) -> [DecisionsToRecord] {
        driver.actions.compactMap { if case .record(let decisions) = $0 { decisions } else { nil } }
    }

    func testDeniedRequestIsAnsweredByTheGatewayAndEveryDenyIsRecorded() {
        var driver = SessionDriver.authenticated()
        driver.settings = AuthorizationSettings()
        driver.send(produce(10))
        driver.send(produce(11))
        XCTAssertTrue(driver.forwarded.isEmpty, "a denied Produce reached the upstream")
        XCTAssertEqual(driver.answeredCorrelationIds.suffix(2), [10, 11], "each answered by the gateway, in order")
        let denials = records(driver).flatMap(\.decisions)
        XCTAssertEqual(denials.count, 2)
        XCTAssertTrue(denials.allSatisfy { !$0.allowed && $0.reason == .defaultDeny && $0.resource == ResourceName(.topic, "orders") })
        XCTAssertEqual(records(driver).first?.principal, .user("alice"))
        XCTAssertEqual(records(driver).first?.apiKey, .produce)
    }

    func testOnlyTheFirstAllowPerOperationAndResourceIsRecorded() {
        var driver = SessionDriver.authenticated()
        driver.send(produce(10))
        driver.send(produce(11))
        XCTAssertEqual(driver.forwarded.count, 2)
        XCTAssertEqual(records(driver).flatMap(\.decisions).map(\.allowed), [true])
    }

    func testEveryAllowIsRecordedWhenConfigured() {
        var configuration = SessionFixture.configuration()
        configuration.recordsEveryAllow = true
        var driver = SessionDriver(configuration)
        driver.accept()
        driver.authenticate()
        driver.send(produce(10))
        driver.send(produce(11))
        XCTAssertEqual(records(driver).flatMap(\.decisions).map(\.allowed), [true, true])
    }

    func testDeniedProduceWithoutAcksGetsNoAnswer() {
        var driver = SessionDriver.authenticated()
        driver.settings = AuthorizationSettings()
        let written = driver.written.count
        driver.send(produce(10, acks: 0))
        XCTAssertTrue(driver.forwarded.isEmpty)
        XCTAssertEqual(driver.written.count, written, "acks=0 is never answered, refused or not")
    }

    func testAPolicyChangeAppliesToTheNextRequestOfAnOpenConnection() {
        var driver = SessionDriver.authenticated()
        driver.send(produce(10))
        XCTAssertEqual(driver.forwarded.count, 1)
        driver.settings = AuthorizationSettings()
        driver.changePolicy(driver.policy)
        driver.send(produce(11))
        XCTAssertEqual(driver.forwarded.count, 1, "the request after the change was forwarded")
        XCTAssertFalse(driver.machine.isClosed, "an ACL change refuses requests, it does not end the session")
    }
}
