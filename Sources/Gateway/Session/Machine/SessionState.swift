import Authentication
import NIOCore
import PolicyStore

/// Where one client connection is in its life (drawn in `SessionStateMachine`).
enum SessionState {
    /// A TLS listener before its handshake has completed: nothing is served.
    case awaitingHandshake
    /// A SASL listener before its first authentication: ApiVersions and SASL only.
    case authenticating(SaslStage)
    /// An admitted principal's session: requests are forwarded while it is live.
    case serving(Session)
    /// Nothing more is read, answered or forwarded.
    case closed
}

/// The SASL conversation, first or again (KIP-368 re-authentication).
enum SaslStage {
    /// Nothing yet: ApiVersions and SaslHandshake are allowed.
    case initial
    /// SaslHandshake accepted; SaslAuthenticate (or, after a v0 handshake, a raw token) comes next.
    case handshaken(SaslMechanism, rawTokens: Bool)
    /// The server-first message was sent; the client-final message comes next.
    case exchanging(ScramServerExchange, rawTokens: Bool)

    /// After a SaslHandshake v0, SASL tokens come as bare length-prefixed bytes.
    var expectsRawToken: Bool {
        switch self {
        case .initial: false
        case .handshaken(_, let raw), .exchanging(_, let raw): raw
        }
    }
}

/// Who a session serves. Anonymous is a case of its own, never a name that
/// a store principal could also carry; an IAM principal is its ARN, which
/// no store principal may carry either (names starting `arn:` are reserved).
enum SessionPrincipal: Equatable, CustomStringConvertible {
    case user(String)
    case iam(IamSessionIdentity)
    case anonymous

    /// How Kafka writes it, in logs and ACLs.
    var description: String { "User:\(userName)" }

    /// The NAME of `User:NAME`, which ACLs match: an IAM principal's ARN.
    var userName: String {
        switch self {
        case .user(let name): name
        case .iam(let identity): identity.arn
        case .anonymous: PrincipalName.anonymous
        }
    }

    /// Whether a re-authentication as `other` keeps the session's principal
    /// (Kafka compares principals, not credentials: an IAM user may
    /// re-authenticate with its other access key).
    func isSamePrincipal(as other: SessionPrincipal) -> Bool {
        description == other.description
    }
}

struct Session {
    let principal: SessionPrincipal
    /// The SASL mechanism the session was opened with; nil for certificates and anonymous sessions.
    let mechanism: SaslMechanism?
    let authenticatedAt: NIODeadline
    /// When the session ends unless the client re-authenticates; nil for no limit.
    let expiresAt: NIODeadline?
    /// A re-authentication in progress (SaslHandshake received again).
    var reauthentication: SaslStage?

    /// How it authenticated, as the decision log names it.
    var mechanismName: String {
        if let mechanism { return mechanism.name }
        return principal == .anonymous ? "NONE" : "MTLS"
    }

    /// Whether requests may still be forwarded for it: an open re-authentication
    /// does not extend a session, only a completed one does.
    func isLive(at now: NIODeadline) -> Bool {
        expiresAt.map { now < $0 } ?? true
    }
}
