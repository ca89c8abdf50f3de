import Authentication
import Foundation
import XCTest

/// Cases in the manner of Kafka's ScramSaslServerTest and SaslAuthenticatorTest, and the CVE classes of
/// this path: every one fails with its own typed error, and the exchange stays failed afterwards.
final class ScramProtocolViolationTests: XCTestCase {
    private var fixture: ScramFixture!

    override func setUpWithError() throws {
        fixture = try ScramFixture(.sha256)
    }

    /// Runs client-first, then sends `final(serverFirst, combinedNonce)` and expects `expected`.
    private func assertClientFinal(_ expected: ScramError, client: ScramTestClient? = nil, file: StaticString = #filePath, line: UInt = #line,
                                   _ final: (_ serverFirst: [UInt8], _ combinedNonce: String) -> [UInt8]) throws {
        var exchange = fixture.exchange()
        let client = client ?? fixture.client()
        let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
        let combinedNonce = String(String(decoding: serverFirst, as: UTF8.self).split(separator: ",")[0].dropFirst(2))
        let message = final(serverFirst, combinedNonce)
        assertScramError(expected, file: file, line: line) { try exchange.receiveClientFinal(message) }
        assertScramError(.unexpectedMessage, file: file, line: line) { try exchange.receiveClientFinal(message) }
    }

    private func assertClientFirst(_ expected: ScramError, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        assertClientFirst(expected, Array(message.utf8), file: file, line: line)
    }

    private func assertClientFirst(_ expected: ScramError, _ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        var exchange = fixture.exchange()
        assertScramError(expected, file: file, line: line) { try exchange.receiveClientFirst(bytes) }
        assertScramError(.unexpectedMessage, file: file, line: line) { try exchange.receiveClientFirst(fixture.client().clientFirst) }
    }

    // MARK: client-final nonce (CVE-2024-56128 class)

    func testClientFinalNonceMustBeClientNoncePlusServerNonceExactly() throws {
        let client = fixture.client()
        try assertClientFinal(.nonceMismatch) { serverFirst, _ in client.clientFinal(to: serverFirst, nonce: client.clientNonce).message }
        try assertClientFinal(.nonceMismatch) { serverFirst, combined in client.clientFinal(to: serverFirst, nonce: combined + "x").message }
        try assertClientFinal(.nonceMismatch) { serverFirst, combined in client.clientFinal(to: serverFirst, nonce: String(combined.dropLast())).message }
        try assertClientFinal(.nonceMismatch) { serverFirst, combined in
            client.clientFinal(to: serverFirst, nonce: String(combined.dropFirst(client.clientNonce.count))).message
        }
        try assertClientFinal(.nonceMismatch) { serverFirst, _ in client.clientFinal(to: serverFirst, nonce: "someoneElsesNonce").message }
        // Only the one prefix librdkafka < 2.6.1 sends is tolerated, not any prefix (Kafka 3.8's endsWith).
        try assertClientFinal(.nonceMismatch) { serverFirst, combined in client.clientFinal(to: serverFirst, nonce: "x" + combined).message }
        try assertClientFinal(.nonceMismatch) { serverFirst, combined in
            client.clientFinal(to: serverFirst, nonce: client.clientNonce + client.clientNonce + combined).message
        }
        try assertClientFinal(.nonceMismatch) { serverFirst, combined in
            client.clientFinal(to: serverFirst, nonce: String(client.clientNonce.dropFirst()) + combined).message
        }
    }

    func testLibrdkafkaLegacyNonceWithItsClientNonceRepeatedAuthenticates() throws {
        var exchange = fixture.exchange()
        let client = fixture.client()
        let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
        let combined = String(String(decoding: serverFirst, as: UTF8.self).split(separator: ",")[0].dropFirst(2))
        let final = client.clientFinal(to: serverFirst, nonce: client.clientNonce + combined)
        XCTAssertEqual(try exchange.receiveClientFinal(final.message).username, ScramFixture.username)
    }

    // MARK: channel binding and gs2 header

    func testChannelBindingMustBeTheBase64OfTheGs2Header() throws {
        let client = fixture.client()
        for binding in ["eSws" /* y,, */, "bixhPWFsaWNlLA==" /* n,a=alice, */, "" /* nothing */, "biwsAA==" /* n,,\0 */] {
            try assertClientFinal(.channelBindingMismatch) { serverFirst, _ in client.clientFinal(to: serverFirst, channelBinding: binding).message }
        }
        var withAuthzid = fixture.client()
        withAuthzid.gs2Header = "n,a=alice,"
        try assertClientFinal(.channelBindingMismatch, client: withAuthzid) { serverFirst, _ in
            withAuthzid.clientFinal(to: serverFirst, channelBinding: "biws").message
        }
    }

    func testChannelBindingRequestsAreRefused() {
        assertClientFirst(.channelBindingUnsupported, "p=tls-unique,,n=alice,r=abc")
        assertClientFirst(.channelBindingUnsupported, "p=tls-server-end-point,a=alice,n=alice,r=abc")
        assertClientFirst(.channelBindingUnsupported, "y,,n=alice,r=abc")
        assertClientFirst(.malformedMessage(.clientFirst, reason: "invalid gs2 header"), "x,,n=alice,r=abc")
        assertClientFirst(.malformedMessage(.clientFirst, reason: "invalid gs2 header"), "N,,n=alice,r=abc")
        assertClientFirst(.malformedMessage(.clientFirst, reason: "invalid gs2 header"), ",,n=alice,r=abc")
    }

    func testAuthorizationIdOtherThanTheUsernameIsRefused() {
        let description = assertScramError(.authorizationIdMismatch) {
            var exchange = fixture.exchange()
            return try exchange.receiveClientFirst(Array("n,a=admin,n=alice,r=abc".utf8))
        }
        XCTAssertEqual(description, "Authentication failed: Client requested an authorization id that is different from username")
        assertClientFirst(.malformedMessage(.clientFirst, reason: "invalid authorization id"), "n,b=alice,n=alice,r=abc")
        assertClientFirst(.malformedMessage(.clientFirst, reason: "invalid authorization id"), "n,a=,n=alice,r=abc")
        assertClientFirst(.malformedMessage(.clientFirst, reason: "invalid authorization id"), "n,a=al=ice,n=alice,r=abc")
    }

    // MARK: extensions

    func testDelegationTokenAuthenticationIsRefused() {
        assertClientFirst(.tokenAuthenticationUnsupported, "n,,n=alice,r=abc,tokenauth=true")
        assertClientFirst(.tokenAuthenticationUnsupported, "n,,n=alice,r=abc,x=1,tokenauth=TRUE")
        XCTAssertEqual(ScramError.tokenAuthenticationUnsupported.description,
                       "Authentication failed: delegation token authentication is not supported")
    }

    func testMandatoryExtensionIsRefused() {
        assertClientFirst(.malformedMessage(.clientFirst, reason: "mandatory extensions are not supported"), "n,,m=ext,n=alice,r=abc")
    }

    // MARK: size limits (the bound applies before any parsing)

    func testOversizedClientFirstIsRefusedUnparsed() {
        let limit = ScramServerExchange.maximumClientMessageSize
        XCTAssertEqual(limit, 1024)
        let padding = String(repeating: "a", count: limit)
        assertClientFirst(.messageTooLarge(.clientFirst), "n,,n=alice,r=abc" + padding)
        assertClientFirst(.messageTooLarge(.clientFirst), [UInt8](repeating: 0xFF, count: limit + 1))
        assertClientFirst(.messageTooLarge(.clientFirst), [UInt8](repeating: UInt8(ascii: "n"), count: 100 * 1024 * 1024))
        // Exactly at the limit is still parsed.
        let atLimit = "n,,n=alice,r=" + String(repeating: "b", count: limit - "n,,n=alice,r=".count)
        var exchange = fixture.exchange()
        XCTAssertNoThrow(try exchange.receiveClientFirst(Array(atLimit.utf8)))
    }

    func testOversizedClientFinalIsRefusedUnparsed() throws {
        let client = fixture.client()
        try assertClientFinal(.messageTooLarge(.clientFinal)) { serverFirst, _ in
            client.clientFinal(to: serverFirst, extensions: ",x=" + String(repeating: "y", count: 1024)).message
        }
    }

    // MARK: malformed client-first

    func testMalformedClientFirstMessages() {
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("missing attributes", Array("n,,".utf8)),
            ("missing attributes", Array("n,,n=alice".utf8)),
            ("missing username", Array("n,,r=abc,n=alice".utf8)),
            ("missing or invalid nonce", Array("n,,n=alice,x=abc".utf8)),
            ("missing or invalid nonce", Array("n,,n=alice,r=".utf8)),
            ("missing or invalid nonce", Array("n,,n=alice,r=a b".utf8)),
            ("missing or invalid nonce", Array("n,,n=alice,r=ab\u{7F}".utf8)),
            ("missing or invalid nonce", Array("n,,n=alice,r=nönce".utf8)),
            ("invalid username", Array("n,,n=,r=abc".utf8)),
            ("invalid username", Array("n,,n=al=2Xce,r=abc".utf8)),
            ("invalid username", Array("n,,n=alice=,r=abc".utf8)),
            ("invalid username", Array("n,,n=alice=2,r=abc".utf8)),
            ("invalid username", Array("n,,n=a=2cb,r=abc".utf8)),
            ("invalid extension", Array("n,,n=alice,r=abc,".utf8)),
            ("invalid extension", Array("n,,n=alice,r=abc,1x=y".utf8)),
            ("invalid extension", Array("n,,n=alice,r=abc,=y".utf8)),
            ("invalid extension", Array("n,,n=alice,r=abc,k=".utf8)),
            ("invalid extension", Array("n,,n=alice,r=abc,novalue".utf8)),
            ("not a NUL-free UTF-8 string", [0x6E, 0x2C, 0x2C, 0x6E, 0x3D, 0xC3, 0x28, 0x2C, 0x72, 0x3D, 0x61]),
            ("not a NUL-free UTF-8 string", Array("n,,n=al\0ice,r=abc".utf8)),
        ]
        for (reason, bytes) in cases {
            assertClientFirst(.malformedMessage(.clientFirst, reason: reason), bytes)
        }
    }

    // MARK: malformed client-final

    func testMalformedClientFinalMessages() throws {
        let client = fixture.client()
        let cases: [(String, (String, String) -> String)] = [
            ("empty", { _, _ in "" }),
            ("missing attributes", { _, nonce in "c=biws,r=\(nonce)" }),
            ("missing or invalid channel binding", { proof, nonce in "r=\(nonce),c=biws,p=\(proof)" }),
            ("missing or invalid channel binding", { proof, nonce in "c=biws?,r=\(nonce),p=\(proof)" }),
            ("missing or invalid channel binding", { proof, nonce in "c=biw,r=\(nonce),p=\(proof)" }),
            ("missing or invalid channel binding", { proof, nonce in "c=====,r=\(nonce),p=\(proof)" }),
            ("missing or invalid nonce", { proof, _ in "c=biws,r=,p=\(proof)" }),
            ("missing or invalid nonce", { proof, nonce in "c=biws,s=\(nonce),p=\(proof)" }),
            ("missing or invalid proof", { _, nonce in "c=biws,r=\(nonce),p=" }),
            ("missing or invalid proof", { proof, nonce in "c=biws,r=\(nonce),p=\(proof.dropLast())" }),
            ("missing or invalid proof", { proof, nonce in "c=biws,r=\(nonce),p=\(proof)==" }),
            ("missing or invalid proof", { proof, nonce in "c=biws,r=\(nonce),p=\(proof),x=y" }),
            ("invalid extension", { proof, nonce in "c=biws,r=\(nonce),=y,p=\(proof)" }),
            ("not a NUL-free UTF-8 string", { proof, nonce in "c=biws,r=\(nonce),x=\0,p=\(proof)" }),
        ]
        for (reason, make) in cases {
            try assertClientFinal(.malformedMessage(.clientFinal, reason: reason)) { serverFirst, nonce in
                Array(make(client.clientFinal(to: serverFirst).proof, nonce).utf8)
            }
        }
        try assertClientFinal(.malformedMessage(.clientFinal, reason: "not a NUL-free UTF-8 string")) { _, nonce in
            Array("c=biws,r=\(nonce),p=".utf8) + [0xFF, 0xFE]
        }
    }

    // MARK: order

    func testMessagesOutOfOrderAreRefused() throws {
        var finalFirst = fixture.exchange()
        assertScramError(.unexpectedMessage) { try finalFirst.receiveClientFinal(Array("c=biws,r=abc,p=AAAA".utf8)) }
        assertScramError(.unexpectedMessage) { try finalFirst.receiveClientFirst(fixture.client().clientFirst) }

        var firstTwice = fixture.exchange()
        _ = try firstTwice.receiveClientFirst(fixture.client().clientFirst)
        assertScramError(.unexpectedMessage) { try firstTwice.receiveClientFirst(fixture.client().clientFirst) }

        var completed = fixture.exchange()
        let client = fixture.client()
        let serverFirst = try completed.receiveClientFirst(client.clientFirst)
        let final = client.clientFinal(to: serverFirst).message
        _ = try completed.receiveClientFinal(final)
        assertScramError(.unexpectedMessage) { try completed.receiveClientFinal(final) }
        assertScramError(.unexpectedMessage) { try completed.receiveClientFirst(client.clientFirst) }
    }

    func testAFailedExchangeCannotBeResumedWithTheRightProof() throws {
        var exchange = fixture.exchange()
        let client = fixture.client()
        let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
        assertScramError(.invalidCredentials(.sha256)) { try exchange.receiveClientFinal(client.clientFinal(to: serverFirst, password: "guess").message) }
        assertScramError(.unexpectedMessage) { try exchange.receiveClientFinal(client.clientFinal(to: serverFirst).message) }
    }

    // MARK: secrets

    /// No error description and no rendering of an exchange or credential may carry the password, a nonce,
    /// the proof or a stored key.
    func testNoDescriptionCarriesSecrets() throws {
        var exchange = fixture.exchange()
        let client = fixture.client(nonce: "ClientNonceSecretXYZ")
        let serverFirst = try exchange.receiveClientFirst(client.clientFirst)
        let serverFirstText = String(decoding: serverFirst, as: UTF8.self)
        let combinedNonce = String(serverFirstText.split(separator: ",")[0].dropFirst(2))
        let serverNonce = String(combinedNonce.dropFirst("ClientNonceSecretXYZ".count))
        let midExchange = renderings(of: exchange)
        let final = client.clientFinal(to: serverFirst, password: "hunter2-password")
        let wrong = assertScramError(.invalidCredentials(.sha256)) { try exchange.receiveClientFinal(final.message) }

        let keys = [fixture.stored.storedKey, fixture.stored.serverKey]
        let secrets = ["hunter2-password", ScramFixture.password, "ClientNonceSecretXYZ", serverNonce, final.proof]
            + keys.map { Data($0).base64EncodedString() } + keys.map { $0.map(String.init).joined(separator: ", ") }
        let errors: [ScramError] = [.nonceMismatch, .channelBindingMismatch, .messageTooLarge(.clientFinal), .unexpectedMessage,
                                    .malformedMessage(.clientFinal, reason: "missing or invalid proof")]
        let texts = [wrong] + errors.map(\.description) + midExchange + renderings(of: exchange) + renderings(of: fixture.stored)
        XCTAssertTrue(midExchange[0].contains("awaiting client-final"), midExchange[0])
        XCTAssertTrue(midExchange[0].contains("alice"), midExchange[0])
        for text in texts {
            for secret in secrets {
                XCTAssertFalse(text.contains(secret), "\(text) contains a secret")
            }
            XCTAssertFalse(text.contains("r="), text)
            XCTAssertFalse(text.contains("p="), text)
        }
    }

    private func renderings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped]
    }
}
