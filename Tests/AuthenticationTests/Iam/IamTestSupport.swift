import AWSSigV4
import Authentication
import Crypto
import Foundation
import XCTest

/// A token built with the project's own SigV4 pieces, valid unless a test changes one field: so a
/// refusal test shows that exactly that field is checked.
struct IamTestToken {
    var accessKeyId = "AKIAPORTCULLISTEST01"
    var secret = "portcullis/test+secret/0123456789"
    var sessionToken: String?
    var region = "us-east-1"
    var service = "kafka-cluster"
    var action = "kafka-cluster:Connect"
    var algorithm = "AWS4-HMAC-SHA256"
    var host = "kafka.us-east-1.amazonaws.com"
    var signedAt = IamGoldenTokens.signedAt
    var scopeDate: String?
    var expires = "900"
    var signedHeaders = "host"
    var userAgent = "portcullis-tests/1.0 (Swift)"
    /// Replaces the computed signature (a tampered token).
    var signatureOverride: String?

    var timestamp: String { AWSSigV4.timestamp(signedAt) }

    var scope: AWSSigV4.CredentialScope {
        AWSSigV4.CredentialScope(date: scopeDate ?? String(timestamp.prefix(8)), region: region, service: service)
    }

    var signedParameters: [AWSSigV4.QueryParameter] {
        var parameters: [AWSSigV4.QueryParameter] = [
            ("Action", action), ("X-Amz-Algorithm", algorithm), ("X-Amz-Credential", "\(accessKeyId)/\(scope)"),
            ("X-Amz-Date", timestamp), ("X-Amz-Expires", expires),
        ]
        if let sessionToken { parameters.append(("X-Amz-Security-Token", sessionToken)) }
        parameters.append(("X-Amz-SignedHeaders", signedHeaders))
        return parameters
    }

    var signature: String {
        if let signatureOverride { return signatureOverride }
        let canonicalRequest = AWSSigV4.canonicalRequest(
            method: "GET", path: "/", query: signedParameters,
            headers: AWSSigV4.canonicalHeaders([("host", host)]), payloadHash: AWSSigV4.payloadHash([UInt8]())
        )
        return AWSSigV4.signature(
            stringToSign: AWSSigV4.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonicalRequest),
            signingKey: AWSSigV4.signingKey(secretAccessKey: SymmetricKey(data: Array(secret.utf8)), scope: scope)
        )
    }

    var presignedURL: String {
        let parameters = signedParameters + [("X-Amz-Signature", signature), ("User-Agent", userAgent)]
        return "https://\(host)/?" + parameters.map { AWSSigV4.uriEncode($0.name) + "=" + AWSSigV4.uriEncode($0.value) }
            .joined(separator: "&")
    }

    var oauthBearerMessage: [UInt8] { IamTestToken.clientFirst(bearer: base64URL(presignedURL)) }

    var mskIamPayload: [UInt8] {
        var object = [
            "version": "2020_10_22", "host": host, "user-agent": userAgent, "action": action,
            "x-amz-algorithm": algorithm, "x-amz-credential": "\(accessKeyId)/\(scope)", "x-amz-date": timestamp,
            "x-amz-expires": expires, "x-amz-signedheaders": signedHeaders, "x-amz-signature": signature,
        ]
        object["x-amz-security-token"] = sessionToken
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    func payload(_ kind: IamTokenKind) -> [UInt8] {
        kind == .oauthBearer ? oauthBearerMessage : mskIamPayload
    }

    var keyMaterial: IamKeyMaterial {
        IamKeyMaterial(
            secretAccessKey: SymmetricKey(data: Array(secret.utf8)), enabled: true,
            credentialsExpireAt: sessionToken == nil ? nil : signedAt.addingTimeInterval(3600),
            sessionTokenSHA256: sessionToken.map { Array(SHA256.hash(data: Array($0.utf8))) }
        )
    }

    static func clientFirst(bearer: String, gs2Header: String = "n,,", extensions: String = "") -> [UInt8] {
        Array("\(gs2Header)\u{1}auth=Bearer \(bearer)\u{1}\(extensions)\u{1}".utf8)
    }
}

func base64URL(_ text: String) -> String {
    Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}

func decodeBase64URL(_ text: String) -> String {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
    return String(decoding: Data(base64Encoded: standard)!, as: UTF8.self)
}

/// `text` with the first hex digit after `marker` changed: one byte of the signature.
func changingSignatureByte(in text: String, after marker: String) -> String {
    let range = text.range(of: marker)!
    let index = range.upperBound
    let replacement: Character = text[index] == "0" ? "1" : "0"
    return text.replacingCharacters(in: index...index, with: String(replacement))
}

func XCTAssertRefused(
    _ expected: IamAuthenticationError,
    _ body: () throws(IamAuthenticationError) -> Void,
    file: StaticString = #filePath,
    line: UInt = #line
) {
    do {
        try body()
        XCTFail("accepted; expected \(expected.reason)", file: file, line: line)
    } catch {
        XCTAssertEqual(error, expected, file: file, line: line)
    }
}

func XCTAssertMalformed(
    _ body: () throws(IamAuthenticationError) -> Void,
    file: StaticString = #filePath,
    line: UInt = #line
) {
    do {
        try body()
        XCTFail("accepted; expected malformed", file: file, line: line)
    } catch {
        XCTAssertEqual(error.reason, "malformed", "\(error)", file: file, line: line)
    }
}
