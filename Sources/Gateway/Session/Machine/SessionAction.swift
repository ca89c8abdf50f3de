import KafkaProtocol
import NIOCore

/// What the session machine asks its connection handler to do, in order.
enum SessionAction {
    /// Write to the client (not flushed until `.flush`).
    case write(ByteBuffer)
    case flush
    /// Write to the upstream connection and flush.
    case forward(ByteBuffer, to: UpstreamID)
    /// Write frames held back, in order, then flush once.
    case forwardAll([ByteBuffer], to: UpstreamID)
    /// Open an upstream connection; its outcome comes back as `upstreamConnected` or `upstreamFailed`.
    case connectUpstream(UpstreamID)
    /// Authenticate the upstream connection again; the outcome comes back as `upstreamRenewed`.
    case renewUpstream(UpstreamID)
    case closeUpstream(UpstreamID)
    /// Read (and cut frames) from the client, or stop.
    case setReading(Bool)
    /// Read from the upstream, or stop: it goes only as fast as the client takes responses.
    case setUpstreamReading(Bool, UpstreamID)
    /// Frames up to the authenticated request size from now on.
    case raiseFrameLimit
    /// Arm `timer`, replacing any armed before; it fires back with `generation`.
    case schedule(SessionTimer, generation: Int, after: TimeAmount)
    case log(SessionLogEntry)
    /// Authorization decisions for the decision log.
    case record(DecisionsToRecord)
    /// An authentication attempt for the decision log (and the metrics).
    case recordAuthentication(AuthenticationToRecord)
    /// A fact for the metrics.
    case count(SessionMetric)
    /// Answer `request` from the policy store, off the event loop, as `actor`;
    /// the answer comes back as `administered(ticket:…)`.
    case administer(KafkaRequestFrame, ticket: Int, actor: String)
    /// Flush what was written, then close the client connection (and the upstream).
    case close(reason: String, authenticationFailure: Bool)
}

/// The clocks a session runs on.
enum SessionTimer: Hashable, CaseIterable {
    /// From accept to a completed authentication.
    case authentication
    /// The session's end and, after it, the grace to begin or finish a re-authentication.
    case session
    /// When the upstream's SASL session must be renewed.
    case upstreamRenewal
    /// The end of a quota's wait, when reading resumes.
    case throttle
}

/// What the handler logs, at the level each case calls for.
enum SessionLogEntry: Equatable {
    case authenticated(SessionPrincipal)
    case reauthenticated
    /// The upstream failed while the client was still there: a warning.
    case upstreamLost(reason: String, requestsInFlight: Int)
    case upstreamRenewed(requestsHeld: Int)
    /// The client went away first: routine, not an upstream failure.
    case clientDisconnected
}
