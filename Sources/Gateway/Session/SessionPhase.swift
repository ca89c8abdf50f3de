import Authentication
import NIOCore

/// Where one client connection is in its life: waiting for its TLS
/// certificate, negotiating SASL, or serving as an authenticated principal.
enum SessionPhase {
    /// A TLS listener without SASL before its handshake has completed (and,
    /// with client certificates, given a verified one).
    case awaitingCertificate
    case unauthenticated(SaslStage)
    case authenticated(AuthenticatedSession)
    case closed
}

/// The SASL conversation, first or again (KIP-368 re-authentication).
enum SaslStage {
    /// Nothing yet: ApiVersions and SaslHandshake are allowed.
    case initial
    /// SaslHandshake accepted; SaslAuthenticate (or, after a v0 handshake, a raw token) comes next.
    case handshaken(ScramMechanism, rawTokens: Bool)
    /// The server-first message was sent; the client-final message comes next.
    case exchanging(ScramServerExchange, rawTokens: Bool)
}

struct AuthenticatedSession {
    /// `User:NAME`'s NAME, as the policy store knows it.
    let principal: String
    /// The SCRAM mechanism the session was opened with; nil for certificates and anonymous listeners.
    let mechanism: ScramMechanism?
    let authenticatedAt: NIODeadline
    /// When the session ends unless the client re-authenticates; nil for no limit.
    let expiresAt: NIODeadline?
    /// A re-authentication in progress (SaslHandshake received again).
    var reauthentication: SaslStage?
}
