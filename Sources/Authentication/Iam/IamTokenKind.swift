/// The two SASL mechanisms that carry an IAM token, as AWS's client libraries send them.
public enum IamTokenKind: Sendable, Hashable, CaseIterable {
    /// A base64url SigV4 presigned URL in an RFC 7628 client-first message (`aws-msk-iam-sasl-signer-*`).
    case oauthBearer
    /// The JSON payload of `aws-msk-iam-auth` (Java) and kafka-python.
    case mskIam

    /// The SASL mechanism name the client asks for.
    public var mechanismName: String {
        switch self {
        case .oauthBearer: "OAUTHBEARER"
        case .mskIam: "AWS_MSK_IAM"
        }
    }
}
