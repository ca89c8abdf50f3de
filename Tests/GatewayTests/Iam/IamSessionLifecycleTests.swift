import Authentication
import Authorization
import Foundation
import IamTestTokens
import KafkaProtocol
import NIOCore
import PolicyStore
import Synchronization
import XCTest
@testable import Gateway

/// An IAM session after it opened: policy changes, KIP-368
/// re-authentication, its end, and its requests decided by its policies.
final class IamSessionLifecycleTests: XCTestCase {
    /// A machine serving alice (or `key`'s owner) with `kind`, its upstream connected.
    private func serving(_ kind: IamTokenKind = .mskIam, _ key: String = IamFixture.aliceKey,
                         settings: AuthorizationSettings = AuthorizationSettings(),
                         file: StaticString = #filePath, line: UInt = #line) -> IamSessionDriver {
        var driver = IamSessionDriver(settings: settings)
        let response = driver.authenticate(kind, IamFixture.token(kind, key))
        XCTAssertEqual(response?.errorCode, 0, response?.errorMessage ?? "no response", file: file, line: line)
        driver.connectUpstream()
        return driver
    }

    // MARK: Policy changes

    private func assertClosedBy(_ change: IamSnapshot, _ what: String, key: String = IamFixture.aliceKey, line: UInt = #line) {
        for kind in IamTokenKind.allCases {
            var driver = serving(kind, key, line: line)
            XCTAssertFalse(driver.changePolicy(IamFixture.snapshot(change)).isEmpty, "\(what): nothing done", line: line)
            XCTAssertEqual(driver.closeReason, "principal removed or disabled", "\(what) (\(kind))", line: line)
            XCTAssertTrue(driver.machine.isClosed, line: line)
            let forwarded = driver.forwarded.count
            driver.send(IamFixture.produce("orders", correlationId: 50))
            XCTAssertEqual(driver.forwarded.count, forwarded, "\(what): forwarded after the close", line: line)
        }
    }

    func testDisablingTheSessionsKeyClosesIt() {
        let keys = IamFixture.keys.map {
            $0.accessKeyId == IamFixture.aliceKey ? IamFixture.key(IamFixture.aliceKey, .user("alice"), enabled: false) : $0
        }
        assertClosedBy(IamFixture.iam(keys: keys), "key disabled")
    }

    func testDeletingTheSessionsKeyClosesIt() {
        assertClosedBy(IamFixture.iam(keys: IamFixture.keys.filter { $0.accessKeyId != IamFixture.aliceKey }), "key deleted")
    }

    func testRemovingTheUserClosesItsSessions() {
        assertClosedBy(IamFixture.iam(users: ["bob", "mallory"]), "user removed")
    }

    func testRevokingARoleSessionClosesIt() {
        assertClosedBy(IamFixture.iam(keys: IamFixture.keys.filter { $0.accessKeyId != IamFixture.roleKey }), "session revoked",
                       key: IamFixture.roleKey)
    }

    func testRemovingTheRoleClosesItsSessions() {
        let iam = IamFixture.iam()
        let withoutRole = IamSnapshot(
            users: iam.users, roles: [:], accessKeys: iam.accessKeys, policies: iam.policies, userPolicies: iam.userPolicies
        )
        assertClosedBy(withoutRole, "role removed", key: IamFixture.roleKey)
    }

    /// Connect is checked at authentication and again with every request:
    /// a policy that stops allowing it refuses the next request, not the session.
    func testAPolicyThatNoLongerAllowsConnectRefusesTheNextRequest() throws {
        var driver = serving()
        let withoutConnect = IamFixture.alicePolicy.replacingOccurrences(of: #""Action":"kafka-cluster:Connect""#, with: #""Action":"kafka-cluster:DescribeCluster""#)
        XCTAssertNotEqual(withoutConnect, IamFixture.alicePolicy)
        XCTAssertTrue(driver.changePolicy(IamFixture.snapshot(IamFixture.iam(alicePolicy: withoutConnect))).isEmpty)
        driver.send(IamFixture.produce("orders", correlationId: 10))
        XCTAssertTrue(driver.forwarded.isEmpty)
        XCTAssertEqual(driver.produceError(10), KafkaErrorCode.topicAuthorizationFailed.rawValue)
        let denial = try XCTUnwrap(driver.decisions.last?.decisions.first { !$0.allowed })
        XCTAssertEqual(denial.reason, .iamDefaultDeny(action: .connect, request: .writeData))
    }

    func testAnotherKeysChangeLeavesTheSessionAlone() {
        var driver = serving()
        let keys = IamFixture.keys.filter { $0.accessKeyId != IamFixture.aliceSecondKey && $0.accessKeyId != IamFixture.bobKey }
        XCTAssertTrue(driver.changePolicy(IamFixture.snapshot(IamFixture.iam(keys: keys))).isEmpty)
        XCTAssertNotNil(driver.session)
    }

    /// A client rarely sends a request between an edit and its effect; the machine gets it right when it does.
    func testAnEditedPolicyDecidesTheNextRequestOfAnOpenSession() throws {
        var driver = serving()
        driver.send(IamFixture.produce("orders", correlationId: 10))
        XCTAssertEqual(driver.forwarded.count, 1, "allowed before the edit")
        XCTAssertTrue(driver.changePolicy(IamFixture.snapshot(IamFixture.iam(alicePolicy: IamFixture.aliceEditedPolicy))).isEmpty)
        XCTAssertNotNil(driver.session, "a policy edit does not end the session")
        driver.send(IamFixture.produce("orders", correlationId: 11))
        XCTAssertEqual(driver.forwarded.count, 1, "the request after the edit reached the upstream")
        XCTAssertNil(driver.produceError(11), "answered before the response to the request ahead of it")
        driver.upstreamResponds(10)
        XCTAssertEqual(driver.produceError(11), KafkaErrorCode.topicAuthorizationFailed.rawValue)
        let denial = try XCTUnwrap(driver.decisions.last?.decisions.first { !$0.allowed })
        XCTAssertEqual(denial.reason, .iamDeny(policy: "AliceAccess", statement: "NoMoreOrders", action: .writeData))
    }

    // MARK: KIP-368

    func testReauthenticatingWithTheUsersOtherKeyKeepsTheSession() throws {
        for kind in IamTokenKind.allCases {
            var driver = serving(kind)
            driver.now = driver.now + .seconds(600)
            let response = try XCTUnwrap(driver.authenticate(kind, IamFixture.token(kind, IamFixture.aliceSecondKey)))
            XCTAssertEqual(response.errorCode, 0, response.errorMessage ?? "")
            XCTAssertEqual(response.sessionLifetimeMs, 900_000)
            let session = try XCTUnwrap(driver.session, "\(kind): not serving")
            XCTAssertNil(driver.closeReason)
            XCTAssertEqual(session.principal.description, "User:" + IamFixture.arn(user: "alice"))
            XCTAssertEqual(session.expiresAt, driver.now + .seconds(900), "renewed from now")
            XCTAssertTrue(driver.actions.contains { if case .log(.reauthenticated) = $0 { true } else { false } })
            XCTAssertEqual(driver.authentications.last?.reason, "re-authenticated")
            // The renewed session is checked against its new key: disabling the first one no longer ends it.
            let keys = IamFixture.keys.filter { $0.accessKeyId != IamFixture.aliceKey }
            XCTAssertTrue(driver.changePolicy(IamFixture.snapshot(IamFixture.iam(keys: keys))).isEmpty)
            driver.now = driver.now + .seconds(600)
            driver.send(IamFixture.produce("orders", correlationId: 60))
            XCTAssertEqual(driver.forwarded.count, 1, "served past the first session's end")
        }
    }

    /// The wall clock moves with the session's: a token re-sent later buys only what is left of it.
    func testReauthenticatingWithAnOlderTokenGetsWhatIsLeftOfIt() throws {
        for kind in IamTokenKind.allCases {
            let wallClock = Mutex(IamFixture.signedAt)
            var configuration = IamFixture.configuration()
            configuration.wallClock = { wallClock.withLock { $0 } }
            var driver = IamSessionDriver(configuration)
            let token = IamFixture.token(kind)
            XCTAssertEqual(driver.authenticate(kind, token)?.sessionLifetimeMs, 900_000)
            driver.now = driver.now + .seconds(600)
            wallClock.withLock { $0 = IamFixture.signedAt.addingTimeInterval(600) }
            XCTAssertEqual(driver.authenticate(kind, token)?.sessionLifetimeMs, 300_000, "\(kind)")
            XCTAssertEqual(driver.session?.expiresAt, driver.now + .seconds(300))

            driver.now = driver.now + .seconds(299)
            wallClock.withLock { $0 = IamFixture.signedAt.addingTimeInterval(901) }
            let late = driver.authenticate(kind, token)
            XCTAssertEqual(late?.errorCode, KafkaErrorCode.saslAuthenticationFailed.rawValue)
            XCTAssertTrue(driver.machine.isClosed)
            XCTAssertTrue(driver.authentications.last?.reason?.contains("(expired)") == true)
        }
    }

    /// The key is read from the policy given with the SaslAuthenticate frame, not the
    /// one current at the SaslHandshake: a key disabled in between is refused.
    func testAKeyDisabledBetweenTheReauthenticationsHandshakeAndItsTokenIsRefused() throws {
        for kind in IamTokenKind.allCases {
            var driver = serving(kind)
            driver.now = driver.now + .seconds(5)
            driver.send(IamFixture.handshake(kind, correlationId: driver.correlationId()))
            let keys = IamFixture.keys.map {
                $0.accessKeyId == IamFixture.aliceSecondKey
                    ? IamFixture.key(IamFixture.aliceSecondKey, .user("alice"), enabled: false) : $0
            }
            XCTAssertTrue(driver.changePolicy(IamFixture.snapshot(IamFixture.iam(keys: keys))).isEmpty,
                          "\(kind): the serving session's own key is still enabled")
            let id = driver.correlationId()
            let new = driver.send(SessionFixture.authenticate(id, IamFixture.token(kind, IamFixture.aliceSecondKey).payload(kind)))
            guard case .saslAuthenticate(let response)? = IamFixture.response(
                to: id, in: IamSessionDriver.written(new), api: .saslAuthenticate, version: 2
            ) else { return XCTFail("\(kind): no SaslAuthenticate answer") }
            XCTAssertEqual(response.errorCode, KafkaErrorCode.saslAuthenticationFailed.rawValue, "\(kind)")
            XCTAssertTrue(driver.machine.isClosed, "\(kind)")
            XCTAssertTrue(driver.authentications.last?.reason?.contains("(disabled-access-key)") == true,
                          "\(kind): \(driver.authentications.last?.reason ?? "no reason")")
        }
    }

    func testReauthenticatingAsAnotherUserCloses() {
        for kind in IamTokenKind.allCases {
            var driver = serving(kind)
            driver.now = driver.now + .seconds(5)
            driver.authenticate(kind, IamFixture.token(kind, IamFixture.bobKey))
            XCTAssertEqual(driver.closeReason, "re-authentication as a different principal")
            XCTAssertTrue(driver.machine.isClosed)
        }
    }

    func testARefusedReauthenticationCloses() {
        var driver = serving()
        driver.now = driver.now + .seconds(5)
        let response = driver.authenticate(.mskIam, IamFixture.token(.mskIam, IamFixture.aliceSecondKey) { $0.secret = "wrong" })
        XCTAssertEqual(response?.errorCode, KafkaErrorCode.saslAuthenticationFailed.rawValue)
        XCTAssertTrue(driver.machine.isClosed)
        XCTAssertTrue(driver.authentications.last?.reason?.contains("(signature-mismatch)") == true)
    }

    func testNothingIsForwardedAfterTheSessionsEnd() {
        for kind in IamTokenKind.allCases {
            var driver = serving(kind)
            driver.now = driver.now + .seconds(899)
            driver.send(IamFixture.produce("orders", correlationId: 10))
            XCTAssertEqual(driver.forwarded.count, 1, "still live")
            driver.now = driver.now + .seconds(1)
            driver.send(IamFixture.produce("orders", correlationId: 11))
            XCTAssertEqual(driver.forwarded.count, 1, "\(kind): forwarded at the token's end")
            XCTAssertEqual(driver.closeReason, "session expired without re-authentication")
        }
    }

    func testTheSessionTimerEndsTheSessionAtTheTokensEndAfterTheGrace() {
        for kind in IamTokenKind.allCases {
            var driver = serving(kind)
            XCTAssertFalse(driver.fire(.session).isEmpty, "the grace is armed")
            XCTAssertFalse(driver.machine.isClosed)
            driver.send(IamFixture.produce("orders", correlationId: 10))
            XCTAssertTrue(driver.forwarded.isEmpty, "\(kind): forwarded past the token's end")
            XCTAssertEqual(driver.closeReason, "session expired without re-authentication")
        }
    }

    func testTheSessionTimerChecksTheKeyAgain() {
        var driver = serving()
        let keys = IamFixture.keys.filter { $0.accessKeyId != IamFixture.aliceKey }
        // The change is installed but not yet announced to the connection when its timer fires.
        driver.policy = GatewayPolicy(IamFixture.snapshot(IamFixture.iam(keys: keys)), settings: driver.settings, iamSecrets: IamFixture.secrets)
        driver.fire(.session)
        XCTAssertEqual(driver.closeReason, "principal removed or disabled")
    }

    func testTheSessionTimerIsArmedForTheTokensEnd() {
        let driver = serving()
        let armed = driver.actions.compactMap { action -> TimeAmount? in
            if case .schedule(.session, _, let after) = action { after } else { nil }
        }
        XCTAssertEqual(armed, [.seconds(900)])
    }

    // MARK: Authorization

    func testAProduceToAnAllowedTopicIsForwardedAndItsAllowRecorded() throws {
        var driver = serving()
        driver.send(IamFixture.produce("orders", correlationId: 10))
        XCTAssertEqual(driver.forwarded.count, 1)
        let record = try XCTUnwrap(driver.decisions.last)
        XCTAssertEqual(record.principal.description, "User:" + IamFixture.arn(user: "alice"))
        XCTAssertEqual(record.mechanism, "AWS_MSK_IAM")
        XCTAssertEqual(record.decisions.map(\.allowed), [true])
        XCTAssertEqual(record.decisions.first?.reason, .iamAllow(policy: "AliceAccess", statement: "WriteTopics", action: .writeData))
    }

    func testAnExplicitDenyIsAnsweredAndRecordedNamingThePolicyAndStatement() throws {
        var driver = serving()
        driver.send(IamFixture.produce("secret", correlationId: 10))
        XCTAssertTrue(driver.forwarded.isEmpty)
        XCTAssertEqual(driver.produceError(10), KafkaErrorCode.topicAuthorizationFailed.rawValue)
        let denial = try XCTUnwrap(driver.decisions.last?.decisions.first { !$0.allowed })
        XCTAssertEqual(denial.reason.machineName, "iam-policy")
        XCTAssertEqual(denial.reason, .iamDeny(policy: "AliceAccess", statement: "NoSecretWrites", action: .writeData))
        XCTAssertTrue(denial.reason.description.contains("AliceAccess") && denial.reason.description.contains("NoSecretWrites"))
        XCTAssertEqual(denial.resource, ResourceName(.topic, "secret"))
        XCTAssertFalse(driver.machine.isClosed)
    }

    func testATopicNoPolicyAllowsIsDeniedByDefault() throws {
        // allow.everyone.if.no.acl.found is for ACL principals: it opens nothing to an IAM one.
        for settings in [AuthorizationSettings(), SessionFixture.everyoneIfNoAcl] {
            var driver = serving(settings: settings)
            driver.send(IamFixture.produce("other", correlationId: 10))
            XCTAssertTrue(driver.forwarded.isEmpty)
            XCTAssertEqual(driver.produceError(10), KafkaErrorCode.topicAuthorizationFailed.rawValue)
            let denial = try XCTUnwrap(driver.decisions.last?.decisions.first { !$0.allowed })
            XCTAssertEqual(denial.reason.machineName, "iam-default-deny")
        }
    }
}
