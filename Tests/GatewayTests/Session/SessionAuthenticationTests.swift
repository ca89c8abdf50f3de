import Authentication
import KafkaProtocol
import NIOCore
import PolicyStore
import XCTest
@testable import Gateway

/// The machine's authentication rules: who gains a session, when, and when
/// it ends. Each fault found in the session code before the machine existed
/// has a test here named for it.
final class SessionAuthenticationTests: XCTestCase {
    func testScramExchangeOpensASessionAndTheUpstream() {
        var driver = SessionDriver()
        driver.accept()
        let done = driver.finishScram(driver.beginScram())
        guard case .serving(let session) = driver.machine.state else { return XCTFail("not serving: \(driver.machine.state)") }
        XCTAssertEqual(session.principal, .user("alice"))
        XCTAssertEqual(driver.errorCodes(of: .saslAuthenticate, version: 2), [0, 0])
        XCTAssertTrue(done.contains { if case .raiseFrameLimit = $0 { true } else { false } })
        XCTAssertTrue(done.contains { if case .connectUpstream = $0 { true } else { false } })
        XCTAssertNil(driver.closeReason)
    }

    func testWrongPasswordFailsAndCloses() {
        var driver = SessionDriver()
        driver.accept()
        var (client, serverFirst) = driver.beginScram()
        client = ScramClientExchange(mechanism: .sha512, username: "alice", password: Array("wrong".utf8))
        _ = client.clientFirst()
        // A client-final made for another exchange's nonce: the proof cannot hold.
        let final = try? client.receiveServerFirst(serverFirst)
        driver.send(SessionFixture.authenticate(3, final ?? Array("c=biws,r=x,p=eA==".utf8)))
        XCTAssertEqual(driver.errorCodes(of: .saslAuthenticate, version: 2).last, KafkaErrorCode.saslAuthenticationFailed.rawValue)
        XCTAssertTrue(driver.closeReason?.hasPrefix("SASL authentication failed") == true, "\(driver.closeReason ?? "")")
        XCTAssertTrue(driver.actions.contains { if case .close(_, true) = $0 { true } else { false } }, "failures are rate-limited as such")
    }

    /// Fault 1: the credential comes from the policy at client-first; a
    /// principal removed before client-final must not get a session.
    func testPrincipalRemovedDuringTheExchangeGetsNoSession() {
        var driver = SessionDriver()
        driver.accept()
        let begun = driver.beginScram()
        XCTAssertTrue(driver.changePolicy(SessionFixture.nobody).isEmpty, "nothing to close yet: no session")
        driver.finishScram(begun)
        XCTAssertTrue(driver.machine.isClosed)
        XCTAssertEqual(driver.errorCodes(of: .saslAuthenticate, version: 2).last, KafkaErrorCode.saslAuthenticationFailed.rawValue)
        XCTAssertEqual(driver.closeReason, "SASL authentication failed: User:alice was removed or disabled during the exchange")
        XCTAssertFalse(driver.actions.contains { if case .connectUpstream = $0 { true } else { false } })
        driver.send(SessionFixture.metadata(9))
        XCTAssertTrue(driver.forwarded.isEmpty)
    }

    func testPrincipalDisabledDuringTheExchangeGetsNoSession() {
        var driver = SessionDriver()
        driver.accept()
        let begun = driver.beginScram()
        driver.changePolicy(SessionFixture.policy(["alice": false]))
        driver.finishScram(begun)
        XCTAssertTrue(driver.machine.isClosed)
        XCTAssertTrue(driver.forwarded.isEmpty)
    }

    /// Fault 1, re-authentication: the renewed session is checked too.
    func testPrincipalRemovedDuringAReauthenticationLosesTheConnection() {
        var driver = SessionDriver()
        driver.accept()
        driver.authenticate()
        driver.now = driver.now + .seconds(30)
        let begun = driver.beginScram(correlationId: 20)
        XCTAssertFalse(driver.changePolicy(SessionFixture.nobody).isEmpty)
        XCTAssertEqual(driver.closeReason, "principal removed or disabled")
        driver.finishScram(begun, correlationId: 22)
        XCTAssertEqual(driver.errorCodes(of: .saslAuthenticate, version: 2).count, 3, "the closed connection answers nothing more")
    }

    func testReauthenticationRenewsTheSession() {
        var driver = SessionDriver()
        driver.accept()
        driver.authenticate()
        driver.now = driver.now + .seconds(50)
        driver.finishScram(driver.beginScram(correlationId: 20), correlationId: 22)
        guard case .serving(let session) = driver.machine.state else { return XCTFail("not serving") }
        XCTAssertNil(session.reauthentication)
        XCTAssertEqual(session.expiresAt, driver.now + .seconds(60))
        XCTAssertTrue(driver.actions.contains { if case .log(.reauthenticated) = $0 { true } else { false } })
        driver.now = driver.now + .seconds(30)
        driver.send(SessionFixture.metadata(30))
        XCTAssertEqual(driver.forwarded.count, 1, "served on the renewed session, past the first one's end")
    }

    func testReauthenticationAsAnotherPrincipalCloses() {
        var driver = SessionDriver(policy: SessionFixture.policy(["alice": true, "bob": true]))
        driver.accept()
        driver.authenticate()
        driver.now = driver.now + .seconds(5)
        driver.finishScram(driver.beginScram(as: "bob", correlationId: 20), correlationId: 22)
        XCTAssertEqual(driver.closeReason, "re-authentication as a different principal")
    }

    /// Fault 2: an open re-authentication does not extend a session past its end.
    func testExpiredSessionForwardsNothingWhileAReauthenticationIsOpen() {
        var driver = SessionDriver()
        driver.accept()
        driver.authenticate()
        driver.now = driver.now + .seconds(59)
        driver.send(SessionFixture.handshake(20))
        driver.send(SessionFixture.metadata(21))
        XCTAssertEqual(driver.forwarded.count, 1, "still live: served")
        driver.now = driver.now + .seconds(2)
        driver.send(SessionFixture.metadata(22))
        XCTAssertEqual(driver.forwarded.count, 1, "past its end: nothing forwarded")
        XCTAssertEqual(driver.closeReason, "session expired without re-authentication")
    }

    func testSessionTimerGivesAGraceThenCloses() {
        var driver = SessionDriver()
        driver.accept()
        driver.authenticate()
        XCTAssertTrue(driver.fire(.session).isEmpty == false, "the grace is armed")
        XCTAssertFalse(driver.machine.isClosed)
        driver.fire(.session)
        XCTAssertEqual(driver.closeReason, "session expired without re-authentication")
    }

    func testReauthenticationBegunAtTheEndGetsTheAuthenticationTimeoutThenCloses() {
        var driver = SessionDriver()
        driver.accept()
        driver.authenticate()
        driver.now = driver.now + .seconds(59)
        driver.send(SessionFixture.handshake(20))
        driver.fire(.session)
        XCTAssertEqual(driver.timers[.session]?.at, driver.now + .seconds(10))
        driver.fire(.session)
        XCTAssertEqual(driver.closeReason, "re-authentication did not complete in time")
    }

    func testSessionTimerChecksThePrincipal() {
        var driver = SessionDriver()
        driver.accept()
        driver.authenticate()
        driver.policy = SessionFixture.nobody // a change the subscription has not delivered yet
        driver.fire(.session)
        XCTAssertEqual(driver.closeReason, "principal removed or disabled")
    }

    func testAuthenticationTimeoutClosesAnUnauthenticatedConnection() {
        var driver = SessionDriver()
        driver.accept()
        driver.beginScram()
        driver.fire(.authentication)
        XCTAssertEqual(driver.closeReason, "authentication did not complete in time")
    }

    func testAuthenticationTimerFiredAfterTheSessionBeganIsIgnored() {
        var driver = SessionDriver()
        driver.accept()
        let armed = driver.timers[.authentication]!
        driver.authenticate()
        let late = driver.machine.timerFired(.authentication, generation: armed.generation, now: armed.at, policy: driver.gatewayPolicy)
        XCTAssertTrue(late.isEmpty)
        XCTAssertFalse(driver.machine.isClosed)
    }

    func testRequestBeforeAuthenticationIsRefusedAndCloses() {
        var driver = SessionDriver()
        driver.accept()
        driver.send(SessionFixture.frame(.heartbeat(HeartbeatRequest(groupId: "g")), version: 4, correlationId: 7))
        XCTAssertEqual(driver.errorCodes(of: .heartbeat, version: 4), [KafkaErrorCode.illegalSaslState.rawValue])
        XCTAssertEqual(driver.closeReason, "Heartbeat before authentication")
        XCTAssertTrue(driver.forwarded.isEmpty)
    }

    func testApiVersionsInTheMiddleOfAnExchangeCloses() {
        var driver = SessionDriver()
        driver.accept()
        driver.send(SessionFixture.handshake(1))
        driver.send(SessionFixture.apiVersions(2))
        XCTAssertEqual(driver.closeReason, "ApiVersions during a SASL exchange")
    }

    // MARK: Certificates and anonymous access

    private static let rules = PrincipalMappingRules.default

    func testAdmittedCertificatePrincipalIsServedAndLosesItsSessionWhenRemoved() {
        var driver = SessionDriver(SessionFixture.configuration(.certificate(Self.rules, required: true), usesTLS: true),
                                   policy: SessionFixture.policy(["CN=alice": true]))
        driver.accept()
        driver.record(driver.machine.handshakeCompleted(certificate: .verified(principalName: "CN=alice"), now: driver.now, policy: driver.gatewayPolicy))
        guard case .serving(let session) = driver.machine.state else { return XCTFail("not serving") }
        XCTAssertEqual(session.principal, .user("CN=alice"))
        XCTAssertNil(session.expiresAt, "TLS has no re-authentication")
        driver.changePolicy(SessionFixture.nobody)
        XCTAssertEqual(driver.closeReason, "principal removed or disabled")
    }

    func testCertificateOfAPrincipalNotInTheStoreIsRefused() {
        var driver = SessionDriver(SessionFixture.configuration(.certificate(Self.rules, required: true), usesTLS: true))
        driver.accept()
        driver.record(driver.machine.handshakeCompleted(certificate: .verified(principalName: "CN=mallory"), now: driver.now, policy: driver.gatewayPolicy))
        XCTAssertEqual(driver.closeReason, "certificate principal User:CN=mallory is not an enabled principal")
    }

    /// Fault 4: a listener that asks for certificates serves no one without
    /// one unless it allows anonymous access explicitly.
    func testNoCertificateOnARequestedListenerWithoutAnonymousIsRefused() {
        var driver = SessionDriver(SessionFixture.configuration(.certificate(Self.rules, required: false), usesTLS: true))
        driver.accept()
        driver.record(driver.machine.handshakeCompleted(certificate: .absent, now: driver.now, policy: driver.gatewayPolicy))
        XCTAssertEqual(driver.closeReason, "no credentials, and the listener does not allow anonymous access")
    }

    func testNoCertificateOnARequestedListenerWithAnonymousIsServedAsAnonymous() {
        var driver = SessionDriver(SessionFixture.configuration(.certificate(Self.rules, required: false), usesTLS: true, allowsAnonymous: true))
        driver.accept()
        driver.record(driver.machine.handshakeCompleted(certificate: .absent, now: driver.now, policy: driver.gatewayPolicy))
        guard case .serving(let session) = driver.machine.state else { return XCTFail("not serving") }
        XCTAssertEqual(session.principal, .anonymous)
        XCTAssertEqual("\(session.principal)", "User:ANONYMOUS")
    }

    func testAnonymousListenerWithoutAllowAnonymousFailsClosed() {
        var driver = SessionDriver(SessionFixture.configuration(.anonymous))
        driver.accept()
        XCTAssertEqual(driver.closeReason, "no credentials, and the listener does not allow anonymous access")
    }

    /// Fault 3: anonymous is not a name a store principal can match, and
    /// every session, anonymous included, follows policy changes.
    func testAnonymousSessionIsNotAffectedByAStorePrincipalOfThatName() {
        var driver = SessionDriver(SessionFixture.configuration(.anonymous, allowsAnonymous: true),
                                   policy: SessionFixture.policy(["ANONYMOUS": true]))
        driver.accept()
        guard case .serving(let session) = driver.machine.state else { return XCTFail("not serving") }
        XCTAssertEqual(session.principal, .anonymous)
        driver.changePolicy(SessionFixture.nobody)
        XCTAssertFalse(driver.machine.isClosed, "anonymous depends on the listener, not the store")
        driver.send(SessionFixture.metadata(1))
        XCTAssertNil(driver.closeReason)
    }

    /// Fault 3: a store row named ANONYMOUS (written before the name was
    /// reserved) cannot authenticate; it would pass for the anonymous principal.
    func testAStoreRowNamedAnonymousCannotAuthenticate() {
        var driver = SessionDriver(policy: SessionFixture.policy(["ANONYMOUS": true]))
        driver.accept()
        driver.finishScram(driver.beginScram(as: "ANONYMOUS"))
        XCTAssertTrue(driver.machine.isClosed)
        XCTAssertTrue(driver.forwarded.isEmpty)
        XCTAssertEqual(driver.errorCodes(of: .saslAuthenticate, version: 2).last, KafkaErrorCode.saslAuthenticationFailed.rawValue)
    }

    func testSaslTokensOnAnAnonymousListenerAreRefused() {
        var driver = SessionDriver(SessionFixture.configuration(.anonymous, allowsAnonymous: true))
        driver.accept()
        driver.send(SessionFixture.handshake(1))
        XCTAssertEqual(driver.closeReason, "SaslHandshake on a listener without SASL")
    }

    func testRequestBeforeTheTLSHandshakeCloses() {
        var driver = SessionDriver(SessionFixture.configuration(usesTLS: true))
        driver.accept()
        driver.send(SessionFixture.apiVersions(1))
        XCTAssertEqual(driver.closeReason, "a request before the TLS handshake completed")
    }
}
