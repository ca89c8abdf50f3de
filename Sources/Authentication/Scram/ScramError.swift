/// Why a SCRAM exchange failed. Every description is safe to log and to send to the client
/// (as SaslAuthenticate's error message): none carries a nonce, a proof, a salt or a key.
public enum ScramError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The client message was longer than ``ScramServerExchange/maximumClientMessageSize``; it was not parsed.
    case messageTooLarge(ScramMessageKind)
    /// The client message does not follow RFC 5802's grammar; `reason` is a fixed phrase, never client text.
    case malformedMessage(ScramMessageKind, reason: String)
    /// The client asked for channel binding (`p=`) or said it could have used it (`y`); Kafka supports neither.
    case channelBindingUnsupported
    /// The client-final `c=` is not the base64 of the client-first gs2 header.
    case channelBindingMismatch
    /// The client asked for delegation-token authentication (`tokenauth=true`), which is not supported.
    case tokenAuthenticationUnsupported
    /// The gs2 header's authzid names someone other than the authenticating user.
    case authorizationIdMismatch
    /// The client-final nonce is not exactly the client nonce followed by the server nonce (CVE-2024-56128 class);
    /// as a client: the server nonce does not extend the client's.
    case nonceMismatch
    /// Wrong password, unknown user and unusable stored credential alike: one error, so none can be told apart.
    case invalidCredentials(ScramMechanism)
    /// A message arrived in a state that expects none, or after the exchange failed or completed.
    case unexpectedMessage

    public var description: String {
        switch self {
        case .messageTooLarge(let kind):
            "Invalid SCRAM \(kind.rawValue) message: longer than \(ScramServerExchange.maximumClientMessageSize) bytes"
        case .malformedMessage(let kind, let reason):
            "Invalid SCRAM \(kind.rawValue) message: \(reason)"
        case .channelBindingUnsupported:
            "Authentication failed: SCRAM channel binding is not supported"
        case .channelBindingMismatch:
            "Authentication failed: SCRAM channel binding does not match the client first message"
        case .tokenAuthenticationUnsupported:
            "Authentication failed: delegation token authentication is not supported"
        case .authorizationIdMismatch:
            "Authentication failed: Client requested an authorization id that is different from username"
        case .nonceMismatch:
            "Authentication failed: Invalid client nonce in the final client message"
        case .invalidCredentials(let mechanism):
            "Authentication failed during authentication due to invalid credentials with SASL mechanism \(mechanism.rawValue)"
        case .unexpectedMessage:
            "Authentication failed: unexpected SCRAM message for the state of the exchange"
        }
    }
}

/// The SCRAM messages, named as RFC 5802 names them: the client's two, which the server parses,
/// and the server's two, which the gateway parses when it is the client of an upstream.
public enum ScramMessageKind: String, Sendable {
    case clientFirst = "client-first"
    case clientFinal = "client-final"
    case serverFirst = "server-first"
    case serverFinal = "server-final"
}
