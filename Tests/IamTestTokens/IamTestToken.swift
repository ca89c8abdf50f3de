import AWSSigV4
import Authentication
import Crypto
import Foundation

/// A token built with the project's own SigV4 pieces, valid unless a test changes one field: so a
/// refusal test shows that exactly that field is checked. Shared by the verifier's tests and the
/// gateway's; no XCTest here, so any target may depend on it.
public struct IamTestToken: Sendable {
    /// The signing time of every token unless a test sets another: 2026-03-14T15:09:26Z.
    public static let defaultSignedAt = Date(timeIntervalSince1970: 1_773_500_966)

    public var accessKeyId = "AKIAPORTCULLISTEST01"
    public var secret = "portcullis/test+secret/0123456789"
    public var sessionToken: String?
    public var region = "us-east-1"
    public var service = "kafka-cluster"
    public var action = "kafka-cluster:Connect"
    public var algorithm = "AWS4-HMAC-SHA256"
    public var host = "kafka.us-east-1.amazonaws.com"
    public var signedAt = IamTestToken.defaultSignedAt
    public var scopeDate: String?
    public var expires = "900"
    public var signedHeaders = "host"
    public var userAgent = "portcullis-tests/1.0 (Swift)"
    /// Replaces the computed signature (a tampered token).
    public var signatureOverride: String?

    public init() {}

    public var timestamp: String { AWSSigV4.timestamp(signedAt) }

    public var scope: AWSSigV4.CredentialScope {
        AWSSigV4.CredentialScope(date: scopeDate ?? String(timestamp.prefix(8)), region: region, service: service)
    }

    public var signedParameters: [AWSSigV4.QueryParameter] {
        var parameters: [AWSSigV4.QueryParameter] = [
            ("Action", action), ("X-Amz-Algorithm", algorithm), ("X-Amz-Credential", "\(accessKeyId)/\(scope)"),
            ("X-Amz-Date", timestamp), ("X-Amz-Expires", expires),
        ]
        if let sessionToken { parameters.append(("X-Amz-Security-Token", sessionToken)) }
        parameters.append(("X-Amz-SignedHeaders", signedHeaders))
        return parameters
    }

    public var signature: String {
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

    public var presignedURL: String {
        let parameters = signedParameters + [("X-Amz-Signature", signature), ("User-Agent", userAgent)]
        return "https://\(host)/?" + parameters.map { AWSSigV4.uriEncode($0.name) + "=" + AWSSigV4.uriEncode($0.value) }
            .joined(separator: "&")
    }

    public var oauthBearerMessage: [UInt8] { IamTestToken.clientFirst(bearer: base64URL(presignedURL)) }

    public var mskIamPayload: [UInt8] {
        var object = [
            "version": "2020_10_22", "host": host, "user-agent": userAgent, "action": action,
            "x-amz-algorithm": algorithm, "x-amz-credential": "\(accessKeyId)/\(scope)", "x-amz-date": timestamp,
            "x-amz-expires": expires, "x-amz-signedheaders": signedHeaders, "x-amz-signature": signature,
        ]
        object["x-amz-security-token"] = sessionToken
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    public func payload(_ kind: IamTokenKind) -> [UInt8] {
        kind == .oauthBearer ? oauthBearerMessage : mskIamPayload
    }

    /// The secret as the verifier is given it: enabled, and for a session token, credentials
    /// valid for an hour from `signedAt`.
    public var keyMaterial: IamKeyMaterial {
        IamKeyMaterial(
            secretAccessKey: SymmetricKey(data: Array(secret.utf8)), enabled: true,
            credentialsExpireAt: sessionToken == nil ? nil : signedAt.addingTimeInterval(3600),
            sessionTokenSHA256: sessionToken.map { Array(SHA256.hash(data: Array($0.utf8))) }
        )
    }

    public static func clientFirst(bearer: String, gs2Header: String = "n,,", extensions: String = "") -> [UInt8] {
        Array("\(gs2Header)\u{1}auth=Bearer \(bearer)\u{1}\(extensions)\u{1}".utf8)
    }
}

/// Base64url without padding, as the OAUTHBEARER signer encodes its presigned URL.
public func base64URL(_ text: String) -> String {
    Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}
