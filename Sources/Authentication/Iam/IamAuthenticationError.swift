/// Why an IAM token (AWS_MSK_IAM or OAUTHBEARER) was refused: one case per reason, so the
/// decision log can count them. No case carries a secret, a session token, a signature or token bytes.
public enum IamAuthenticationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The payload is longer than `IamToken.maximumTokenBytes`; refused before any parsing.
    case oversized
    /// The framing, encoding or a field is not what the client libraries produce; the reason is ours, never input.
    case malformed(String)
    /// The AWS_MSK_IAM `version` is not `2020_10_22`.
    case unsupportedVersion
    /// OAUTHBEARER with a non-empty authorization id: the principal is the key's, a client may not ask for another.
    case authorizationIdNotSupported
    case wrongAction
    case wrongAlgorithm
    /// The credential scope names a service other than `kafka-cluster`.
    case wrongService
    /// The credential scope names a region other than the gateway's.
    case wrongRegion
    /// The credential scope's day is not the day of `X-Amz-Date`.
    case wrongScopeDate
    /// Signed for a host this listener does not answer to (the name is not secret).
    case wrongHost(String)
    /// `X-Amz-SignedHeaders` is not exactly `host`.
    case hostNotSigned
    /// `X-Amz-Expires` is longer than the settings allow.
    case expiryTooLong
    /// Signed further in the future than the allowed clock skew.
    case notYetValid
    /// Past `X-Amz-Date + X-Amz-Expires`.
    case expired
    case unknownAccessKey
    case disabledAccessKey
    /// The temporary credentials the key belongs to have expired.
    case credentialsExpired
    /// A session token is missing, unexpected, or not the one issued with the key.
    case sessionTokenMismatch
    case signatureMismatch

    /// A stable machine name for the decision log and metrics.
    public var reason: String {
        switch self {
        case .oversized: "oversized"
        case .malformed: "malformed"
        case .unsupportedVersion: "unsupported-version"
        case .authorizationIdNotSupported: "authorization-id-not-supported"
        case .wrongAction: "wrong-action"
        case .wrongAlgorithm: "wrong-algorithm"
        case .wrongService: "wrong-service"
        case .wrongRegion: "wrong-region"
        case .wrongScopeDate: "wrong-scope-date"
        case .wrongHost: "wrong-host"
        case .hostNotSigned: "host-not-signed"
        case .expiryTooLong: "expiry-too-long"
        case .notYetValid: "not-yet-valid"
        case .expired: "expired"
        case .unknownAccessKey: "unknown-access-key"
        case .disabledAccessKey: "disabled-access-key"
        case .credentialsExpired: "credentials-expired"
        case .sessionTokenMismatch: "session-token-mismatch"
        case .signatureMismatch: "signature-mismatch"
        }
    }

    /// For the gateway's log: names the problem, never a secret, session token or signature.
    public var description: String {
        switch self {
        case .oversized: "the IAM token is longer than \(IamToken.maximumTokenBytes) bytes"
        case .malformed(let why): "malformed IAM token: \(why)"
        case .unsupportedVersion: "the AWS_MSK_IAM payload version is not \(IamToken.mskIamVersion)"
        case .authorizationIdNotSupported: "the OAUTHBEARER message asks for an authorization id"
        case .wrongAction: "the token's action is not \(IamToken.connectAction)"
        case .wrongAlgorithm: "the token's algorithm is not \(IamToken.algorithm)"
        case .wrongService: "the token's credential scope is not for the \(IamToken.service) service"
        case .wrongRegion: "the token's credential scope is for another region"
        case .wrongScopeDate: "the token's credential scope date is not the day of X-Amz-Date"
        case .wrongHost(let host): "the token is signed for host '\(host)', which this listener does not accept"
        case .hostNotSigned: "the token's signed headers are not exactly 'host'"
        case .expiryTooLong: "the token's X-Amz-Expires is longer than allowed"
        case .notYetValid: "the token is dated further in the future than the allowed clock skew"
        case .expired: "the token has expired"
        case .unknownAccessKey: "unknown access key id"
        case .disabledAccessKey: "the access key is disabled"
        case .credentialsExpired: "the access key's temporary credentials have expired"
        case .sessionTokenMismatch: "the session token is missing, unexpected or wrong"
        case .signatureMismatch: "the signature does not match"
        }
    }

    /// What the client is told. Everything decided after the key lookup gets the same words, so that a
    /// client cannot learn whether an access key exists, is disabled, or which part of its proof was wrong.
    public var clientMessage: String {
        switch self {
        case .oversized, .malformed, .unsupportedVersion, .authorizationIdNotSupported:
            "Malformed IAM authentication token"
        case .wrongAction, .wrongAlgorithm, .wrongService, .wrongRegion, .wrongScopeDate, .wrongHost, .hostNotSigned,
            .expiryTooLong:
            "IAM authentication token is not valid for this cluster"
        case .notYetValid, .expired:
            "IAM authentication token is expired or not yet valid"
        case .unknownAccessKey, .disabledAccessKey, .credentialsExpired, .sessionTokenMismatch, .signatureMismatch:
            "Access denied"
        }
    }
}
