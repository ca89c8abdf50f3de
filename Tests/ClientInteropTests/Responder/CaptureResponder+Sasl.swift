import KafkaProtocol
import NIOCore

// SASL: PLAIN is offered, and any well-formed PLAIN message logs in.
extension CaptureResponder {
    static let saslMechanisms = ["PLAIN"]

    func saslHandshake(_ request: SaslHandshakeRequest) -> SaslHandshakeResponse {
        SaslHandshakeResponse(
            errorCode: Self.saslMechanisms.contains(request.mechanism)
                ? KafkaErrorCode.none.rawValue : KafkaErrorCode.unsupportedSaslMechanism.rawValue,
            mechanisms: Self.saslMechanisms
        )
    }

    /// PLAIN (RFC 4616): authzid NUL authcid NUL password, both names non-empty.
    func saslAuthenticate(_ request: SaslAuthenticateRequest) -> SaslAuthenticateResponse {
        let parts = request.authBytes.readableBytesView.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else {
            return SaslAuthenticateResponse(
                errorCode: KafkaErrorCode.saslAuthenticationFailed.rawValue,
                errorMessage: "Authentication failed: malformed PLAIN message"
            )
        }
        return SaslAuthenticateResponse(errorMessage: nil)
    }
}
