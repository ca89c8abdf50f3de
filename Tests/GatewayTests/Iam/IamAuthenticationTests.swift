import Authentication
import Foundation
import IamTestTokens
import KafkaProtocol
import NIOCore
import PolicyStore
import XCTest
@testable import Gateway

/// IAM authentication as the session machine does it, for both mechanisms:
/// who gains a session and for how long, and every refusal, which closes
/// the connection, goes to the decision log with the IAM reason, and tells
/// the client nothing about whether the access key exists.
final class IamAuthenticationTests: XCTestCase {
    // MARK: Accepted

    func testEitherMechanismOpensASessionForTheUsersArn() throws {
        for kind in IamTokenKind.allCases {
            var driver = IamSessionDriver()
            let response = try XCTUnwrap(driver.authenticate(kind, IamFixture.token(kind)), "\(kind)")
            XCTAssertEqual(response.errorCode, KafkaErrorCode.none.rawValue, "\(kind)")
            let session = try XCTUnwrap(driver.session, "\(kind): not serving")
            XCTAssertEqual(session.principal.description, "User:arn:aws:iam::000000000000:user/alice")
            XCTAssertEqual(session.mechanismName, kind.mechanismName)
            XCTAssertEqual(response.sessionLifetimeMs, 900_000, "\(kind): the token's remaining validity")
            XCTAssertEqual(session.expiresAt, driver.now + .seconds(900))
            XCTAssertNil(driver.closeReason)
            XCTAssertEqual(driver.authentications, [AuthenticationToRecord(
                principal: "User:arn:aws:iam::000000000000:user/alice", mechanism: kind.mechanismName, succeeded: true, reason: nil
            )])
            XCTAssertTrue(driver.actions.contains { if case .connectUpstream = $0 { true } else { false } })
        }
    }

    func testAwsMskIamIsAnsweredWithJsonAndOAuthBearerWithNothing() throws {
        var msk = IamSessionDriver()
        let mskResponse = try XCTUnwrap(msk.authenticate(.mskIam, IamFixture.token(.mskIam)))
        let json = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(mskResponse.authBytes.readableBytesView)) as? [String: String]
        )
        XCTAssertEqual(json["version"], "2020_10_22")
        XCTAssertFalse((json["request-id"] ?? "").isEmpty, "\(json)")
        XCTAssertTrue(String(decoding: mskResponse.authBytes.readableBytesView, as: UTF8.self).contains(#""version":"2020_10_22""#))

        var bearer = IamSessionDriver()
        let bearerResponse = try XCTUnwrap(bearer.authenticate(.oauthBearer, IamFixture.token(.oauthBearer)))
        XCTAssertEqual(bearerResponse.authBytes.readableBytes, 0)
    }

    func testTheSessionLastsWhatIsLeftOfTheToken() throws {
        for kind in IamTokenKind.allCases {
            var driver = IamSessionDriver(IamFixture.configuration(now: IamFixture.signedAt.addingTimeInterval(300.25)))
            let response = try XCTUnwrap(driver.authenticate(kind, IamFixture.token(kind)))
            XCTAssertEqual(response.sessionLifetimeMs, 599_750, "\(kind)")
        }
    }

    /// A SaslAuthenticate session lifetime of 0 tells a KIP-368 client that its session never
    /// ends, and a session shorter than the least time between re-authentications (1 s) could
    /// only end in a refused re-authentication: a token with less than that left is refused as expired.
    func testATokenAtTheEndOfItsValidityIsRefusedAsExpired() {
        for remaining in [0, 0.0004, 0.5, 0.999] {
            for kind in IamTokenKind.allCases {
                let late = IamSessionDriver(IamFixture.configuration(now: IamFixture.signedAt.addingTimeInterval(900 - remaining)))
                assertRefused(kind, IamFixture.token(kind), reason: "(expired)", driver: late)
            }
        }
        var justInTime = IamSessionDriver(IamFixture.configuration(now: IamFixture.signedAt.addingTimeInterval(899)))
        XCTAssertEqual(justInTime.authenticate(.mskIam, IamFixture.token(.mskIam))?.sessionLifetimeMs, 1000)
    }

    func testConnectionsMaxReauthMsShortensTheSessionButNeverLengthensIt() throws {
        for kind in IamTokenKind.allCases {
            var short = IamSessionDriver(IamFixture.configuration(sessionLifetime: .seconds(60)))
            XCTAssertEqual(try XCTUnwrap(short.authenticate(kind, IamFixture.token(kind))).sessionLifetimeMs, 60_000, "\(kind)")
            var long = IamSessionDriver(IamFixture.configuration(sessionLifetime: .hours(1)))
            XCTAssertEqual(try XCTUnwrap(long.authenticate(kind, IamFixture.token(kind))).sessionLifetimeMs, 900_000, "\(kind)")
        }
    }

    /// After a SaslHandshake v0 the token comes bare, and so does the answer.
    func testAfterAVersion0HandshakeTheTokenAndTheAnswerAreRaw() throws {
        for kind in IamTokenKind.allCases {
            var driver = IamSessionDriver()
            driver.send(IamFixture.handshake(kind, correlationId: 1, version: 0))
            var raw = ByteBuffer()
            let payload = IamFixture.token(kind).payload(kind)
            raw.writeInteger(Int32(payload.count))
            raw.writeBytes(payload)
            let answer = IamSessionDriver.written(driver.send(raw))
            XCTAssertNotNil(driver.session, "\(kind): \(driver.closeReason ?? "not serving")")
            var bytes = try XCTUnwrap(answer.last, "\(kind): no answer")
            let length = try XCTUnwrap(bytes.readInteger(as: Int32.self))
            XCTAssertEqual(Int(length), bytes.readableBytes)
            if kind == .mskIam {
                XCTAssertTrue(String(decoding: bytes.readableBytesView, as: UTF8.self).contains(#""version":"2020_10_22""#))
            } else {
                XCTAssertEqual(length, 0)
            }

            var refused = IamSessionDriver()
            refused.send(IamFixture.handshake(kind, correlationId: 1, version: 0))
            var bad = ByteBuffer()
            let badPayload = IamFixture.token(kind) { $0.secret = "wrong" }.payload(kind)
            bad.writeInteger(Int32(badPayload.count))
            bad.writeBytes(badPayload)
            refused.send(bad)
            XCTAssertTrue(refused.machine.isClosed, "\(kind)")
            XCTAssertTrue(refused.authentications.first?.reason?.contains("(signature-mismatch)") == true)
        }
    }

    // MARK: Refused

    /// Authenticates with `token` and checks what every refusal must be: the
    /// error code, the close, the decision log's record naming `reason`.
    /// Returns the message the client was given.
    @discardableResult
    private func assertRefused(
        _ kind: IamTokenKind, _ token: IamTestToken, reason: String, driver: IamSessionDriver = IamSessionDriver(),
        file: StaticString = #filePath, line: UInt = #line
    ) -> String? {
        var driver = driver
        let response = driver.authenticate(kind, token)
        XCTAssertEqual(response?.errorCode, KafkaErrorCode.saslAuthenticationFailed.rawValue, "\(kind)", file: file, line: line)
        XCTAssertTrue(driver.machine.isClosed, "\(kind): not closed", file: file, line: line)
        XCTAssertTrue(driver.actions.contains { if case .close(_, true) = $0 { true } else { false } }, file: file, line: line)
        XCTAssertFalse(driver.actions.contains { if case .connectUpstream = $0 { true } else { false } }, file: file, line: line)
        let records = driver.authentications
        XCTAssertEqual(records.count, 1, "\(records)", file: file, line: line)
        XCTAssertEqual(records.first?.succeeded, false, file: file, line: line)
        XCTAssertEqual(records.first?.mechanism, kind.mechanismName, file: file, line: line)
        XCTAssertTrue(records.first?.reason?.contains(reason) == true, "\(kind): \(records.first?.reason ?? "no reason")", file: file, line: line)
        let message = response?.errorMessage
        for secretish in [token.secret, token.signature] {
            XCTAssertFalse(message?.contains(secretish) == true, file: file, line: line)
            XCTAssertFalse(records.first?.reason?.contains(secretish) == true, file: file, line: line)
        }
        return message
    }

    /// The refusal of `change` applied to a known key's token, and that the
    /// client is told exactly what the same token with an unknown key id gets.
    private func assertRefusedAlike(
        _ kind: IamTokenKind, reason: String, key: String = IamFixture.aliceKey, configuration: SessionConfiguration = IamFixture.configuration(),
        settings: AuthorizationSettings = AuthorizationSettings(), file: StaticString = #filePath, line: UInt = #line,
        _ change: (inout IamTestToken) -> Void = { _ in }
    ) {
        let known = assertRefused(
            kind, IamFixture.token(kind, key, change), reason: "(\(reason))",
            driver: IamSessionDriver(configuration, settings: settings), file: file, line: line
        )
        var unknownToken = IamFixture.token(kind, key, change)
        unknownToken.accessKeyId = IamFixture.unknownKey
        var unknownDriver = IamSessionDriver(configuration, settings: settings)
        let unknown = unknownDriver.authenticate(kind, unknownToken)?.errorMessage
        XCTAssertNotNil(known, file: file, line: line)
        XCTAssertEqual(known, unknown, "\(kind) \(reason): the answer says whether the key exists", file: file, line: line)
    }

    func testAnExpiredTokenIsRefused() {
        for kind in IamTokenKind.allCases {
            assertRefusedAlike(kind, reason: "expired", configuration: IamFixture.configuration(now: IamFixture.signedAt.addingTimeInterval(901)))
        }
    }

    func testASignatureThatDoesNotMatchIsRefused() {
        for kind in IamTokenKind.allCases {
            assertRefusedAlike(kind, reason: "signature-mismatch") { $0.secret = "not the key's secret" }
        }
    }

    func testAnUnknownAccessKeyIsRefused() {
        for kind in IamTokenKind.allCases {
            let message = assertRefused(kind, IamFixture.token(kind, IamFixture.unknownKey), reason: "(unknown-access-key)")
            XCTAssertEqual(message, "Access denied")
        }
    }

    func testADisabledAccessKeyIsRefused() {
        for kind in IamTokenKind.allCases {
            assertRefusedAlike(kind, reason: "disabled-access-key", key: IamFixture.disabledKey)
        }
    }

    /// A key whose secret did not open (its KMS key disabled, say) authenticates no one, as if it did not exist.
    func testAKeyWhoseSecretDidNotOpenIsRefused() {
        for kind in IamTokenKind.allCases {
            assertRefusedAlike(kind, reason: "unknown-access-key", key: IamFixture.unopenedKey)
        }
    }

    func testOAuthBearerMustSignTheRegionsServiceHost() {
        for host in [IamFixture.brokerHost, "kafka.eu-west-1.amazonaws.com", "localhost"] {
            assertRefusedAlike(.oauthBearer, reason: "wrong-host") { $0.host = host }
        }
    }

    func testAwsMskIamMustSignTheAdvertisedHost() {
        for host in [IamFixture.serviceHost, "b-2.portcullis.example.com", "localhost"] {
            assertRefusedAlike(.mskIam, reason: "wrong-host") { $0.host = host }
        }
    }

    func testAwsMskIamAlsoAcceptsTheConfiguredSignedHosts() throws {
        var settings = AuthorizationSettings()
        settings.iam.mskIamHosts = ["b-2.portcullis.example.com"]
        for host in [IamFixture.brokerHost, "b-2.portcullis.example.com", "B-2.Portcullis.Example.com"] {
            var driver = IamSessionDriver(settings: settings)
            XCTAssertEqual(driver.authenticate(.mskIam, IamFixture.token(.mskIam) { $0.host = host })?.errorCode, 0, host)
            XCTAssertNotNil(driver.session, host)
        }
        assertRefusedAlike(.mskIam, reason: "wrong-host", settings: settings) { $0.host = "b-3.portcullis.example.com" }
        // The MSK hosts are not OAUTHBEARER's.
        assertRefusedAlike(.oauthBearer, reason: "wrong-host", settings: settings) { $0.host = "b-2.portcullis.example.com" }
    }

    func testAPrincipalWithoutConnectIsRefusedNamingConnect() {
        for kind in IamTokenKind.allCases {
            var driver = IamSessionDriver()
            let response = driver.authenticate(kind, IamFixture.token(kind, IamFixture.malloryKey))
            XCTAssertEqual(response?.errorCode, KafkaErrorCode.saslAuthenticationFailed.rawValue)
            XCTAssertTrue(driver.machine.isClosed)
            XCTAssertTrue(response?.errorMessage?.contains("kafka-cluster:Connect") == true, "\(response?.errorMessage ?? "")")
            let record = driver.authentications.first
            XCTAssertEqual(driver.authentications.count, 1)
            XCTAssertEqual(record?.succeeded, false)
            XCTAssertEqual(record?.principal, "User:" + IamFixture.arn(user: "mallory"), "the decision log names the ARN")
            XCTAssertTrue(record?.reason?.contains("Connect") == true, "\(record?.reason ?? "")")
            XCTAssertTrue(record?.reason?.contains(IamFixture.arn(user: "mallory")) == true, "\(record?.reason ?? "")")
        }
    }

    func testAMechanismTheListenerDoesNotOfferIsRefused() {
        var driver = IamSessionDriver(IamFixture.configuration([.oauthBearer]))
        driver.send(IamFixture.handshake(.mskIam, correlationId: 1))
        XCTAssertTrue(driver.machine.isClosed)
        guard case .saslHandshake(let response)? = IamFixture.response(to: 1, in: driver.written, api: .saslHandshake, version: 1) else {
            return XCTFail("no SaslHandshake response")
        }
        XCTAssertEqual(response.errorCode, KafkaErrorCode.unsupportedSaslMechanism.rawValue)
        XCTAssertEqual(response.mechanisms, ["OAUTHBEARER"])
    }

    // MARK: No one else passes for an IAM principal

    /// A certificate whose subject maps to an ARN names no store principal (the store reserves
    /// `arn:` names and its snapshots drop them), so it is refused, even with such a row present.
    func testACertificatePrincipalNamedLikeAnArnIsRefused() {
        let arn = IamFixture.arn(user: "alice")
        let legacy = PolicySnapshot(
            principals: [arn: Principal(name: arn, enabled: true, superUser: true, createdAt: Date())], scramCredentials: [:],
            iam: IamFixture.iam()
        )
        var limits = GatewayLimits()
        limits.sessionLifetime = nil
        var machine = SessionStateMachine(
            configuration: SessionConfiguration(authentication: .certificate(.default, required: true), usesTLS: true,
                                                allowsAnonymous: false, limits: limits),
            clientAddress: SessionFixture.clientAddress, topicNames: TopicNames()
        )
        _ = machine.accepted(now: .now())
        let actions = machine.handshakeCompleted(
            certificate: .verified(principalName: arn), now: .now(),
            policy: GatewayPolicy(legacy, settings: AuthorizationSettings(superUsers: [arn]), iamSecrets: IamFixture.secrets)
        )
        XCTAssertTrue(machine.isClosed)
        XCTAssertTrue(actions.contains { if case .close(_, true) = $0 { true } else { false } })
    }

    // MARK: Role sessions

    func testARoleSessionIsTheAssumedRoleArnAndLastsNoLongerThanItsCredentials() throws {
        for kind in IamTokenKind.allCases {
            var driver = IamSessionDriver()
            let response = try XCTUnwrap(driver.authenticate(kind, IamFixture.token(kind, IamFixture.roleKey)))
            XCTAssertEqual(response.errorCode, 0, response.errorMessage ?? "")
            let session = try XCTUnwrap(driver.session)
            XCTAssertEqual(session.principal.description, "User:arn:aws:sts::000000000000:assumed-role/reader/nightly-batch")
            XCTAssertEqual(response.sessionLifetimeMs, 600_000, "\(kind): the credentials end before the token")
        }
    }

    func testARoleSessionNeedsItsSessionToken() {
        for kind in IamTokenKind.allCases {
            assertRefused(kind, IamFixture.token(kind, IamFixture.roleKey) { $0.sessionToken = "FwoGZXIvYXdzEAnotherSessionToken==" },
                          reason: "(session-token-mismatch)")
            assertRefused(kind, IamFixture.token(kind, IamFixture.roleKey) { $0.sessionToken = nil }, reason: "(session-token-mismatch)")
        }
    }

    func testARoleSessionWhoseCredentialsExpiredIsRefused() {
        for kind in IamTokenKind.allCases {
            let late = IamSessionDriver(IamFixture.configuration(now: IamFixture.roleCredentialsExpireAt))
            assertRefused(kind, IamFixture.token(kind, IamFixture.roleKey), reason: "(credentials-expired)", driver: late)
        }
    }

    /// Credentials that end within the least time between re-authentications could only give a
    /// session whose next re-authentication is refused: they are refused now, as what they are.
    func testARoleSessionWhoseCredentialsEndWithinASecondIsRefusedAsExpiredCredentials() {
        for kind in IamTokenKind.allCases {
            let late = IamSessionDriver(IamFixture.configuration(now: IamFixture.roleCredentialsExpireAt.addingTimeInterval(-0.5)))
            assertRefused(kind, IamFixture.token(kind, IamFixture.roleKey), reason: "(credentials-expired)", driver: late)
        }
    }

    func testTheRolesPoliciesDecideForItsSessions() throws {
        var driver = IamSessionDriver()
        XCTAssertEqual(driver.authenticate(.mskIam, IamFixture.token(.mskIam, IamFixture.roleKey))?.errorCode, 0)
        driver.connectUpstream()
        driver.send(IamFixture.produce("reports", correlationId: 10))
        XCTAssertEqual(driver.forwarded.count, 1, "the role may write reports")
        driver.send(IamFixture.produce("orders", correlationId: 11))
        XCTAssertEqual(driver.forwarded.count, 1, "alice may write orders; the role may not")
        driver.upstreamResponds(10)
        XCTAssertEqual(driver.produceError(11), KafkaErrorCode.topicAuthorizationFailed.rawValue)
        let denial = driver.decisions.last
        XCTAssertEqual(denial?.principal.description, "User:arn:aws:sts::000000000000:assumed-role/reader/nightly-batch")
        XCTAssertEqual(denial?.decisions.first { !$0.allowed }?.reason.machineName, "iam-default-deny")
    }
}
