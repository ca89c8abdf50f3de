import Crypto
import Foundation

/// Signs HTTP requests with AWS Signature Version 4, credentials in headers.
public struct AWSSigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String
    /// Also send and sign `X-Amz-Content-SHA256` (S3 requires it; KMS does not).
    public var signsPayloadHashHeader: Bool

    public init(credentials: AWSCredentials, region: String, service: String, signsPayloadHashHeader: Bool = false) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.signsPayloadHashHeader = signsPayloadHashHeader
    }

    /// The headers to add to a request so that it is signed: `X-Amz-Date`,
    /// `X-Amz-Security-Token` for temporary credentials, `X-Amz-Content-SHA256`
    /// when asked for, and `Authorization` last.
    ///
    /// Every header in `headers` is signed, so pass exactly the headers sent,
    /// `Host` included; the request must then go out with all of them unchanged.
    public func authenticationHeaders(
        method: String,
        path: String,
        query: [AWSSigV4.QueryParameter] = [],
        headers: [AWSSigV4.Header],
        body: [UInt8],
        date: Date
    ) -> [AWSSigV4.Header] {
        let timestamp = AWSSigV4.timestamp(date)
        let payloadHash = AWSSigV4.payloadHash(body)
        var added: [AWSSigV4.Header] = [("X-Amz-Date", timestamp)]
        if let token = credentials.sessionToken {
            added.append(("X-Amz-Security-Token", token))
        }
        if signsPayloadHashHeader {
            added.append(("X-Amz-Content-SHA256", payloadHash))
        }

        let scope = AWSSigV4.CredentialScope(timestamp: timestamp, region: region, service: service)
        let canonicalHeaders = AWSSigV4.canonicalHeaders(headers + added)
        let canonicalRequest = AWSSigV4.canonicalRequest(
            method: method, path: path, query: query, headers: canonicalHeaders, payloadHash: payloadHash
        )
        let signature = AWSSigV4.signature(
            stringToSign: AWSSigV4.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonicalRequest),
            signingKey: AWSSigV4.signingKey(secretAccessKey: credentials.secretAccessKey, scope: scope)
        )
        let authorization = "\(AWSSigV4.algorithm) Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(canonicalHeaders.signedHeaders), Signature=\(signature)"
        return added + [("Authorization", authorization)]
    }
}
