import Authentication
import Foundation
import IamTestTokens
import XCTest

/// The two wire formats: RFC 7628 framing as Kafka parses it, the presigned URL, the JSON payload,
/// and what is refused as malformed before any verification.
final class IamTokenParsingTests: XCTestCase {
    private let token = IamTestToken()
    private var bearer: String { base64URL(token.presignedURL) }

    private func parseBearer(_ message: String) throws(IamAuthenticationError) -> IamSignedToken {
        try IamToken.parseOAuthBearer(clientFirstMessage: Array(message.utf8))
    }

    private func parseJSON(_ payload: String) throws(IamAuthenticationError) -> IamSignedToken {
        try IamToken.parseMskIam(payload: Array(payload.utf8))
    }

    // MARK: RFC 7628 framing

    func testExtensionsAroundTheAuthPairAreAllowed() throws {
        let parsed = try parseBearer("n,,\u{1}auth=Bearer \(bearer)\u{1}traceId=abc 123\u{1}logicalCluster=lkc-1\u{1}\u{1}")
        XCTAssertEqual(parsed.accessKeyId, token.accessKeyId)
        XCTAssertNoThrow(try parseBearer("n,,\u{1}region=us-east-1\u{1}auth=bearer   \(bearer)\u{1}\u{1}"))
    }

    func testAnAuthorizationIdIsRefused() {
        XCTAssertRefused(.authorizationIdNotSupported) { () throws(IamAuthenticationError) in
            _ = try parseBearer("n,a=User:admin,\u{1}auth=Bearer \(bearer)\u{1}\u{1}")
        }
        XCTAssertMalformed { () throws(IamAuthenticationError) in _ = try parseBearer("n,a=,\u{1}auth=Bearer \(bearer)\u{1}\u{1}") }
    }

    func testBrokenFramingIsMalformed() {
        let cases = [
            "n,,\u{1}auth=Bearer \(bearer)\u{1}",                // no final \x01
            "n,,\u{1}auth=Bearer \(bearer)",                     // no \x01 at all
            "y,,\u{1}auth=Bearer \(bearer)\u{1}\u{1}",           // GS2: client supports channel binding
            "p=tls-unique,,\u{1}auth=Bearer \(bearer)\u{1}\u{1}", // GS2: channel binding
            "n,\u{1}auth=Bearer \(bearer)\u{1}\u{1}",            // GS2 header without its second comma
            "n,,auth=Bearer \(bearer)\u{1}\u{1}",                // no opening \x01
            "n,,\u{1}\u{1}",                                      // no auth pair
            "n,,\u{1}auth=Token \(bearer)\u{1}\u{1}",            // not Bearer
            "n,,\u{1}auth=Bearer\(bearer)\u{1}\u{1}",            // no space
            "n,,\u{1}auth=Bearer \(bearer)\u{1}auth=Bearer \(bearer)\u{1}\u{1}", // auth twice
            "n,,\u{1}auth=Bearer \(bearer)\u{1}x-y=1\u{1}\u{1}", // extension name not letters
            "n,,\u{1}auth=Bearer \(bearer)\u{1}empty=\u{1}\u{1}", // empty extension value
            "n,,\u{1}auth=Bearer \(bearer)\u{1}noequals\u{1}\u{1}",
        ]
        for message in cases {
            XCTAssertMalformed({ () throws(IamAuthenticationError) in _ = try parseBearer(message) }, line: #line)
        }
        XCTAssertMalformed { () throws(IamAuthenticationError) in
            _ = try IamToken.parseOAuthBearer(clientFirstMessage: Array("n,,\u{1}auth=Bearer \(bearer)\u{1}x=\u{1}".utf8) + [0xFF, 0x01, 0x01])
        }
    }

    // MARK: The presigned URL

    func testBadBase64IsMalformed() {
        let standardAlphabet = Data(token.presignedURL.utf8).base64EncodedString()
        XCTAssertTrue(standardAlphabet.contains("+") || standardAlphabet.contains("/"), "the case must use a standard-only character")
        for bad in [standardAlphabet, String(bearer.dropLast()), bearer + "A", "@@@@"] {
            XCTAssertMalformed { () throws(IamAuthenticationError) in
                _ = try parseBearer("n,,\u{1}auth=Bearer \(bad)\u{1}\u{1}")
            }
        }
    }

    private func assertURLMalformed(_ url: String, line: UInt = #line) {
        XCTAssertMalformed({ () throws(IamAuthenticationError) in
            _ = try IamToken.parseOAuthBearer(clientFirstMessage: IamTestToken.clientFirst(bearer: base64URL(url)))
        }, line: line)
    }

    func testURLsThatTheSignerDoesNotMakeAreMalformed() {
        let url = token.presignedURL
        let query = String(url[url.range(of: "?")!.upperBound...])
        assertURLMalformed(url.replacingOccurrences(of: "https://", with: "http://"))
        assertURLMalformed("https://\(token.host)/kafka?\(query)")
        assertURLMalformed("https://\(token.host)?\(query)")
        assertURLMalformed("https://user@\(token.host)/?\(query)")
        assertURLMalformed(url + "#fragment")
        assertURLMalformed(url + "&Action=kafka-cluster%3AConnect")          // duplicate parameter
        assertURLMalformed(url.replacingOccurrences(of: "&X-Amz-Date=", with: "&X-Amz-Nope="))  // missing field
        assertURLMalformed(url + "&flag")                                       // no '='
        assertURLMalformed(url.replacingOccurrences(of: "Action=kafka-cluster%3AConnect", with: "Action=kafka-cluster%3"))
        assertURLMalformed(url.replacingOccurrences(of: "Action=kafka-cluster%3A", with: "Action=kafka-cluster%FF"))
        assertURLMalformed(url.replacingOccurrences(of: "X-Amz-Expires=900", with: "X-Amz-Expires=0"))
        assertURLMalformed(url.replacingOccurrences(of: "X-Amz-Expires=900", with: "X-Amz-Expires=9e2"))
        assertURLMalformed(url.replacingOccurrences(of: "X-Amz-Date=20260314T150926Z", with: "X-Amz-Date=20260230T150926Z"))
        assertURLMalformed(url.replacingOccurrences(of: "%2Faws4_request", with: "%2Faws5_request"))
        assertURLMalformed(url.replacingOccurrences(of: "X-Amz-Signature=", with: "X-Amz-Signature=A"))
        XCTAssertMalformed { () throws(IamAuthenticationError) in
            _ = try IamToken.parseOAuthBearer(clientFirstMessage: IamTestToken.clientFirst(bearer: base64URLBytes([0xC3, 0x28])))
        }
    }

    func testThePresignedURLsPartsAreReadAsSigned() throws {
        var mixedCase = IamTestToken()
        mixedCase.host = "Kafka.US-East-1.amazonaws.com"
        let parsed = try IamToken.parseOAuthBearer(clientFirstMessage: mixedCase.oauthBearerMessage)
        XCTAssertEqual(parsed.host, "kafka.us-east-1.amazonaws.com", "botocore signs the lower-cased host name")
        XCTAssertEqual(parsed.userAgent, "portcullis-tests/1.0 (Swift)")
        XCTAssertEqual(parsed.signedAt, IamTestToken.defaultSignedAt)
        // botocore signs a port only when it is not https's.
        for (authority, signed) in [("kafka.us-east-1.amazonaws.com:443", "kafka.us-east-1.amazonaws.com"), ("localhost:9098", "localhost:9098")] {
            var withPort = IamTestToken()
            withPort.host = authority
            XCTAssertEqual(try IamToken.parseOAuthBearer(clientFirstMessage: withPort.oauthBearerMessage).host, signed)
        }
    }

    // MARK: The AWS_MSK_IAM payload

    func testBrokenJSONIsMalformed() {
        let valid = String(decoding: token.mskIamPayload, as: UTF8.self)
        let cases = [
            "",
            "[]",
            "{",
            valid + "x",
            valid.replacingOccurrences(of: "\"x-amz-expires\":\"900\"", with: "\"x-amz-expires\":900"),
            valid.replacingOccurrences(of: "{", with: "{\"action\":\"kafka-cluster:Connect\","),  // duplicate key
            valid.replacingOccurrences(of: "\"x-amz-date\"", with: "\"x-amz-datum\""),          // missing field
            valid.replacingOccurrences(of: "\"host\":\"", with: "\"host\":\"\\ud800"),         // lone surrogate
            valid.replacingOccurrences(of: "\"host\":\"", with: "\"host\":\"\\q"),             // bad escape
            valid.replacingOccurrences(of: "\"host\":\"kafka", with: "\"host\":\"ka fka"),     // not a host name
        ]
        for payload in cases {
            XCTAssertMalformed { () throws(IamAuthenticationError) in _ = try parseJSON(payload) }
        }
        XCTAssertMalformed { () throws(IamAuthenticationError) in
            var bytes = token.mskIamPayload
            bytes.insert(0xFF, at: bytes.firstIndex(of: UInt8(ascii: "k"))!)
            _ = try IamToken.parseMskIam(payload: bytes)
        }
    }

    func testThePayloadsRefusalsSayWhyWithoutItsBytes() {
        let valid = String(decoding: token.mskIamPayload, as: UTF8.self)
        let cases: [(String, String)] = [
            (valid.replacingOccurrences(of: "{", with: "{\"action\":\"kafka-cluster:Connect\","), "a JSON key appears twice"),
            (valid.replacingOccurrences(of: "\"host\":\"", with: "\"host\":\"\\ud800"), "the payload is not UTF-8"),
            ("[]", "the payload is not a JSON object"),
            (valid.replacingOccurrences(of: "\"x-amz-expires\":\"900\"", with: "\"x-amz-expires\":900"), "the payload is not a JSON object of strings"),
            (valid + "x", "the payload is not JSON: unexpected text after the document at byte \(valid.utf8.count)"),
            ("{\"version\":\"2020_10_22\",}", "the payload is not JSON: expected a member name at byte 24"),
        ]
        for (payload, reason) in cases {
            XCTAssertRefused(.malformed(reason)) { () throws(IamAuthenticationError) in _ = try parseJSON(payload) }
        }
        var bytes = token.mskIamPayload
        bytes.insert(0xFF, at: bytes.firstIndex(of: UInt8(ascii: "k"))!)
        XCTAssertRefused(.malformed("the payload is not UTF-8")) { () throws(IamAuthenticationError) in
            _ = try IamToken.parseMskIam(payload: bytes)
        }
    }

    func testEscapesAndUnknownKeysAreReadLikeJSON() throws {
        let valid = String(decoding: token.mskIamPayload, as: UTF8.self)
        let escaped = valid.replacingOccurrences(of: "kafka-cluster:Connect", with: "kafka-cluster\\u003aConnect")
            .replacingOccurrences(of: "{", with: "{ \"x-portcullis-extra\" : [\"not signed\"] ,")
        XCTAssertMalformed { () throws(IamAuthenticationError) in _ = try parseJSON(escaped) }  // arrays are not strings
        let parsed = try parseJSON(valid.replacingOccurrences(of: "kafka-cluster:Connect", with: "kafka-cluster\\u003aConnect")
            .replacingOccurrences(of: "{", with: "{ \"x-portcullis-extra\" : \"not signed\" ,\n"))
        XCTAssertNoThrow(try IamTokenVerifier(settings: IamVerificationSettings(region: "us-east-1"))
            .verify(parsed, key: token.keyMaterial, acceptedHosts: [token.host], now: token.signedAt))
    }

    func testAnotherVersionIsUnsupported() {
        let payload = String(decoding: token.mskIamPayload, as: UTF8.self).replacingOccurrences(of: "2020_10_22", with: "2021_01_01")
        XCTAssertRefused(.unsupportedVersion) { () throws(IamAuthenticationError) in _ = try parseJSON(payload) }
    }

    // MARK: Size, secrets, response

    func testOversizedPayloadsAreRefusedBeforeParsing() {
        let huge = [UInt8](repeating: UInt8(ascii: "{"), count: IamToken.maximumTokenBytes + 1)
        XCTAssertRefused(.oversized) { () throws(IamAuthenticationError) in _ = try IamToken.parseMskIam(payload: huge) }
        XCTAssertRefused(.oversized) { () throws(IamAuthenticationError) in _ = try IamToken.parseOAuthBearer(clientFirstMessage: huge) }
        var long = IamTestToken()
        long.sessionToken = String(repeating: "A", count: IamToken.maximumTokenBytes)
        XCTAssertRefused(.oversized) { () throws(IamAuthenticationError) in _ = try IamToken.parseMskIam(payload: long.mskIamPayload) }
        XCTAssertRefused(.oversized) { () throws(IamAuthenticationError) in _ = try IamToken.parseOAuthBearer(clientFirstMessage: long.oauthBearerMessage) }
    }

    func testNeitherTheSessionTokenNorTheSignatureIsEverPrinted() throws {
        var temporary = IamTestToken()
        temporary.sessionToken = "FwoGZXIvYXdzESecretSessionToken"
        let parsed = try IamToken.parseMskIam(payload: temporary.mskIamPayload)
        var dumped = ""
        dump(parsed, to: &dumped)
        for text in [parsed.description, parsed.debugDescription, String(reflecting: parsed), dumped, "\(temporary.keyMaterial)"] {
            XCTAssertFalse(text.contains("ESecretSessionToken"), text)
            XCTAssertFalse(text.contains(temporary.signature), text)
            XCTAssertFalse(text.contains(temporary.secret), text)
        }
        XCTAssertTrue(parsed.description.contains(temporary.accessKeyId))

        // Malformed reasons are ours, never the input's bytes.
        let broken = String(decoding: temporary.mskIamPayload, as: UTF8.self)
            .replacingOccurrences(of: "\"x-amz-date\":\"", with: "\"x-amz-date\":\"FwoGZXIvYXdzESecretSessionToken")
        do {
            _ = try parseJSON(broken)
            XCTFail("accepted")
        } catch {
            XCTAssertFalse(error.description.contains("ESecretSessionToken"), error.description)
            XCTAssertFalse(error.clientMessage.contains("ESecretSessionToken"))
        }
    }

    func testTheSuccessResponseIsTheJSONTheJavaClientExpects() throws {
        let response = MskIamResponse.success(requestId: "req-\"1\"")
        let object = try JSONSerialization.jsonObject(with: Data(response)) as? [String: String]
        XCTAssertEqual(object, ["version": "2020_10_22", "request-id": "req-\"1\""])
        XCTAssertEqual(IamTokenKind.oauthBearer.mechanismName, "OAUTHBEARER")
        XCTAssertEqual(IamTokenKind.mskIam.mechanismName, "AWS_MSK_IAM")
    }
}

private func base64URLBytes(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}
