import AWSSigV4
import Crypto
import Foundation
import KeyManagement
import XCTest

/// Cases from AWS's Signature Version 4 test suite (aws-sig-v4-test-suite,
/// as kept in botocore and awslabs/aws-c-auth): the example credentials,
/// region us-east-1, service "service", 2015-08-30T12:36:00Z. Expected values
/// are AWS's published ones.
final class AWSSigV4Tests: XCTestCase {
    private static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    private static let date = Date(timeIntervalSince1970: 1_440_938_160)
    private static let scope = AWSSigV4.CredentialScope(date: "20150830", region: "us-east-1", service: "service")
    private static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    private static let host: AWSSigV4.Header = ("Host", "example.amazonaws.com")

    private func authorization(
        method: String,
        query: [AWSSigV4.QueryParameter] = [],
        headers: [AWSSigV4.Header],
        body: String = "",
        credentials: AWSCredentials = credentials,
        signsPayloadHashHeader: Bool = false
    ) -> [AWSSigV4.Header] {
        AWSSigV4Signer(credentials: credentials, region: "us-east-1", service: "service", signsPayloadHashHeader: signsPayloadHashHeader)
            .authenticationHeaders(method: method, path: "/", query: query, headers: headers, body: Array(body.utf8), date: Self.date)
    }

    private func value(_ name: String, in headers: [AWSSigV4.Header]) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func testTimestampIsBasicISO8601InUTC() {
        XCTAssertEqual(AWSSigV4.timestamp(Self.date), "20150830T123600Z")
        XCTAssertEqual(AWSSigV4.CredentialScope(timestamp: "20150830T123600Z", region: "us-east-1", service: "service"), Self.scope)
        XCTAssertEqual(Self.scope.description, "20150830/us-east-1/service/aws4_request")
    }

    func testGetVanilla() {
        let headers = AWSSigV4.canonicalHeaders([Self.host, ("X-Amz-Date", "20150830T123600Z")])
        let canonicalRequest = AWSSigV4.canonicalRequest(method: "GET", path: "/", query: [], headers: headers, payloadHash: Self.emptyHash)
        XCTAssertEqual(canonicalRequest, "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(Self.emptyHash)")
        XCTAssertEqual(
            AWSSigV4.stringToSign(timestamp: "20150830T123600Z", scope: Self.scope, canonicalRequest: canonicalRequest),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        )

        let signed = authorization(method: "GET", headers: [Self.host])
        XCTAssertEqual(signed.map(\.name), ["X-Amz-Date", "Authorization"])
        XCTAssertEqual(value("X-Amz-Date", in: signed), "20150830T123600Z")
        XCTAssertEqual(
            value("Authorization", in: signed),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }

    func testPostXWWWFormURLEncoded() {
        let body = "Param1=value1"
        XCTAssertEqual(AWSSigV4.payloadHash(Array(body.utf8)), "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        let headers: [AWSSigV4.Header] = [("Content-Type", "application/x-www-form-urlencoded"), Self.host]
        let canonicalRequest = AWSSigV4.canonicalRequest(
            method: "POST", path: "/", query: [],
            headers: AWSSigV4.canonicalHeaders(headers + [("X-Amz-Date", "20150830T123600Z")]),
            payloadHash: AWSSigV4.payloadHash(Array(body.utf8))
        )
        XCTAssertEqual(
            canonicalRequest,
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"
        )
        XCTAssertEqual(
            value("Authorization", in: authorization(method: "POST", headers: headers, body: body)),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        )
    }

    /// aws-c-auth's signed form of the same request, with `X-Amz-Content-SHA256` and `Content-Length` signed.
    func testPayloadHashHeaderIsSentAndSigned() {
        let headers: [AWSSigV4.Header] = [("Content-Type", "application/x-www-form-urlencoded"), Self.host, ("Content-Length", "13")]
        let signed = authorization(method: "POST", headers: headers, body: "Param1=value1", signsPayloadHashHeader: true)
        XCTAssertEqual(value("X-Amz-Content-SHA256", in: signed), "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        XCTAssertEqual(
            value("Authorization", in: signed),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"
        )
    }

    func testGetVanillaWithSessionToken() {
        let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: token)
        let signed = authorization(method: "GET", headers: [Self.host], credentials: credentials)
        XCTAssertEqual(value("X-Amz-Security-Token", in: signed), token)
        XCTAssertEqual(
            value("Authorization", in: signed),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"
        )
    }

    func testGetVanillaQueryOrderKeyCase() {
        let query: [AWSSigV4.QueryParameter] = [("Param2", "value2"), ("Param1", "value1")]
        XCTAssertEqual(AWSSigV4.canonicalQuery(query), "Param1=value1&Param2=value2")
        XCTAssertEqual(
            value("Authorization", in: authorization(method: "GET", query: query, headers: [Self.host])),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        )
    }

    func testGetHeaderValueTrim() {
        let headers: [AWSSigV4.Header] = [Self.host, ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")]
        XCTAssertEqual(
            AWSSigV4.canonicalHeaders(headers).block,
            "host:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
        )
        XCTAssertEqual(
            value("Authorization", in: authorization(method: "GET", headers: headers)),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"
        )
    }

    func testRepeatedHeadersJoinInOrder() {
        let headers = AWSSigV4.canonicalHeaders([("X-B", "2"), ("x-a", "1"), ("X-b", "3")])
        XCTAssertEqual(headers.block, "x-a:1\nx-b:2,3\n")
        XCTAssertEqual(headers.signedHeaders, "x-a;x-b")
    }

    /// AWS's documented example of deriving a signing key (IAM, 2012-02-15).
    func testSigningKeyDerivation() {
        let key = AWSSigV4.signingKey(
            secretAccessKey: SymmetricKey(data: Array("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".utf8)),
            scope: AWSSigV4.CredentialScope(date: "20120215", region: "us-east-1", service: "iam")
        )
        XCTAssertEqual(key.withUnsafeBytes { hex(Array($0)) }, "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    func testURIEncodingKeepsOnlyUnreservedCharacters() {
        XCTAssertEqual(AWSSigV4.uriEncode("aZ09-_.~ /=+ሴ"), "aZ09-_.~%20%2F%3D%2B%E1%88%B4")
        XCTAssertEqual(AWSSigV4.canonicalURI("/example space/ሴ"), "/example%20space/%E1%88%B4")
        XCTAssertEqual(AWSSigV4.canonicalURI(""), "/")
        XCTAssertEqual(AWSSigV4.canonicalQuery([("b", "x y"), ("a", "2"), ("a", "1")]), "a=1&a=2&b=x%20y")
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
