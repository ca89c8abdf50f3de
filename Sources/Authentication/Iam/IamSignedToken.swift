import AWSSigV4
import Foundation

/// A token as parsed, not yet verified: what the client claims, and what a verifier needs to rebuild
/// the request the client signed.
///
/// The session token is a credential: `description`, `debugDescription` and reflection leave it
/// (and the signature) out.
public struct IamSignedToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let kind: IamTokenKind
    public let accessKeyId: String
    public let sessionToken: String?
    /// The `host` header value that was signed (OAUTHBEARER: the presigned URL's host, lower-cased as botocore signs it).
    public let host: String
    public let userAgent: String?
    public let signedAt: Date
    public let expiresInSeconds: Int

    let action: String
    let algorithm: String
    let credentialScope: AWSSigV4.CredentialScope
    /// `X-Amz-Date` exactly as sent: the string to sign carries it verbatim.
    let amzDate: String
    let signedHeaders: String
    /// Every signed query parameter, decoded (everything but `X-Amz-Signature` and the unsigned `User-Agent`).
    let signedQuery: [AWSSigV4.QueryParameter]
    /// Lower-case hex, as the client sent it.
    let signature: String
    let payloadHash: String

    public var description: String {
        "IamSignedToken(kind: \(kind.mechanismName), accessKeyId: \(accessKeyId), host: \(host), "
            + "signedAt: \(AWSSigV4.timestamp(signedAt)), expiresInSeconds: \(expiresInSeconds)"
            + (sessionToken == nil ? "" : ", sessionToken: <redacted>") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "kind": kind, "accessKeyId": accessKeyId, "host": host, "userAgent": userAgent as Any,
                "signedAt": signedAt, "expiresInSeconds": expiresInSeconds, "hasSessionToken": sessionToken != nil,
            ],
            displayStyle: .struct
        )
    }
}

extension IamSignedToken {
    /// The fields both formats carry, under their query-parameter names, checked for form (not for
    /// acceptability, which is the verifier's job).
    init(
        kind: IamTokenKind,
        fields: [String: String],
        signedQuery: [AWSSigV4.QueryParameter],
        host: String,
        userAgent: String?
    ) throws(IamAuthenticationError) {
        func required(_ name: String) throws(IamAuthenticationError) -> String {
            guard let value = fields[name] else { throw .malformed("\(name) is missing") }
            return value
        }
        let credential = try required("X-Amz-Credential").split(separator: "/", omittingEmptySubsequences: false)
        guard credential.count == 5, credential[4] == "aws4_request" else {
            throw .malformed("X-Amz-Credential is not key/date/region/service/aws4_request")
        }
        let accessKeyId = String(credential[0])
        guard (1...128).contains(accessKeyId.utf8.count), accessKeyId.utf8.allSatisfy(IamTokenSyntax.isAlphanumeric)
        else { throw .malformed("the access key id is not 1 to 128 letters and digits") }

        let amzDate = try required("X-Amz-Date")
        guard let signedAt = IamTokenSyntax.date(amzDate) else { throw .malformed("X-Amz-Date is not yyyyMMddTHHmmssZ") }
        let expiresText = try required("X-Amz-Expires")
        guard (1...9).contains(expiresText.utf8.count), expiresText.utf8.allSatisfy(IamTokenSyntax.isDigit),
            let expires = Int(expiresText), expires >= 1
        else { throw .malformed("X-Amz-Expires is not a positive integer") }

        let signature = try required("X-Amz-Signature")
        guard signature.utf8.count == 64, signature.utf8.allSatisfy(IamTokenSyntax.isLowerHex) else {
            throw .malformed("X-Amz-Signature is not 64 lower-case hex digits")
        }
        let sessionToken = fields["X-Amz-Security-Token"]
        if sessionToken?.isEmpty == true { throw .malformed("X-Amz-Security-Token is empty") }
        guard IamTokenSyntax.isHost(host) else { throw .malformed("the host is not a host name") }

        self.init(
            kind: kind,
            accessKeyId: accessKeyId,
            sessionToken: sessionToken,
            host: host,
            userAgent: userAgent,
            signedAt: signedAt,
            expiresInSeconds: expires,
            action: try required("Action"),
            algorithm: try required("X-Amz-Algorithm"),
            credentialScope: AWSSigV4.CredentialScope(
                date: String(credential[1]), region: String(credential[2]), service: String(credential[3])
            ),
            amzDate: amzDate,
            signedHeaders: try required("X-Amz-SignedHeaders"),
            signedQuery: signedQuery,
            signature: signature,
            // Both formats hash an empty body: kafka-python and aws-msk-iam-auth's README say so, and botocore's
            // SigV4QueryAuth (unlike its S3 presigner) does not use UNSIGNED-PAYLOAD (checked in make_tokens.py).
            payloadHash: AWSSigV4.payloadHash([UInt8]())
        )
    }
}
