/// Parses the IAM tokens of the two SASL mechanisms into an `IamSignedToken` for `IamTokenVerifier`.
public enum IamToken {
    /// Longer payloads are refused before any parsing. Real tokens are about 600 bytes, 1.5 KB with a
    /// session token (STS session tokens can reach about 1.3 KB); 8 KiB leaves room and bounds the work.
    public static let maximumTokenBytes = 8192

    static let mskIamVersion = "2020_10_22"
    static let connectAction = "kafka-cluster:Connect"
    static let algorithm = "AWS4-HMAC-SHA256"
    static let service = "kafka-cluster"

    /// OAUTHBEARER: the RFC 7628 client-first message carrying the signer's base64url presigned URL.
    public static func parseOAuthBearer(clientFirstMessage: [UInt8]) throws(IamAuthenticationError) -> IamSignedToken {
        guard clientFirstMessage.count <= maximumTokenBytes else { throw .oversized }
        let bearer = try IamOAuthBearerMessage.bearerToken(clientFirstMessage)
        return try IamPresignedURL.parse(base64URL: bearer)
    }

    /// AWS_MSK_IAM: the JSON authentication payload.
    public static func parseMskIam(payload: [UInt8]) throws(IamAuthenticationError) -> IamSignedToken {
        guard payload.count <= maximumTokenBytes else { throw .oversized }
        return try IamMskIamPayload.parse(payload)
    }
}
