import Authentication
import Authorization
import KafkaProtocol
import NIOCore
import PolicyStore

/// The rules of one client connection, apart from any channel: events come
/// in (a frame, the TLS handshake, a policy change, a timer, the upstream's
/// doings), actions go out (write, forward, connect, pause reading, arm a
/// timer, close), and `ClientConnectionHandler` only performs them. It is
/// the one place that decides what a connection may do.
///
///         accept ─── PLAINTEXT with allow.anonymous ──────────────────────────┐
///           │                                                                 │
///           ├── TLS ──▶ awaitingHandshake ── certificate admitted, or ───────┤
///           │                   │            anonymous allowed                │
///           │                   └── SASL_SSL ──┐                              ▼
///           └── SASL_PLAINTEXT ────────────────┴─▶ authenticating ─────▶ serving(session)
///                                   initial ─SaslHandshake─▶ handshaken      │   ▲
///                                   ─client-first─▶ exchanging ─client-final,│   │ client-final, same
///                                   principal admitted now──────────────────-┘   │ principal, admitted now
///                                                                                │
///                           SaslHandshake v1 while live: session.reauthentication┘
///
///   serving ──drain──▶ serving, reading no more ──last answer written──▶ closed
///   (the gateway shutting down; a connection not yet serving closes at once)
///
///   serving ──a response past a quota──▶ serving, reading paused ──the wait over──▶ serving
///   (the response carries throttle_time_ms; see SessionStateMachine+Throttle)
///
///   any state ──▶ closed: authentication timeout, a bad or out-of-order frame,
///   a refused SASL step, a principal not admitted (at completion, at a policy
///   change, at a timer), a session past its end (nothing is forwarded for it,
///   re-authentication open or not), the client gone, an upstream failure a
///   response cannot carry.
///
/// The principal is checked against the policy given with each event at
/// every point where it gains or keeps a session, and the handler subscribes
/// to policy changes at accept, before any of those points, so no change can
/// fall between a check and the subscription.
///
/// Beside the session, the machine keeps the upstream link (`UpstreamLink`),
/// the requests in flight and the responses in request order, and why
/// reading from the client is paused (`ReadPauses`): a client that stops
/// reading, an upstream that is not ready or not writable, the memory budget.
struct SessionStateMachine {
    let configuration: SessionConfiguration
    /// The client's address, which ACL hosts and network rules are matched against.
    let clientAddress: IPAddress
    /// Topic ids → names, gateway-wide (read here, learned by the handler from responses).
    let topicNames: TopicNames
    // Set by the machine's own extensions (one file per concern), never by the handler.
    var state: SessionState
    var upstream = UpstreamLink.notConnected
    /// Forwarded requests awaiting their responses, oldest first: kept (their
    /// records are slices of the frame, not copies) so that a failed upstream
    /// can be answered for each of them.
    var inFlight = CircularBuffer<ForwardedRequest>()
    var responses = ResponseSequencer()
    private(set) var pauses = ReadPauses()
    private var armedTimers: [SessionTimer: Int] = [:]
    private var lastGeneration = 0
    private var lastUpstreamID = 0
    var expiryStage = ExpiryStage.sessionEnd
    var recordedAllows = RecordedAllows()
    /// The gateway is shutting down: close once what was read is answered.
    var draining = false
    /// When the longest quota wait told to the client ends; reading is paused until then.
    var throttleEnds: NIODeadline?
    /// The principal whose connection slot this connection holds, which the handler releases at its end.
    private(set) var claimedPrincipalSlot: String?
    /// When the frame being handled was whole: the arrival of the requests it
    /// answers for the metrics (a request held for a topic lookup is decided
    /// before the next frame is read, so this is still its own).
    var frameReceivedAt = NIODeadline.uptimeNanoseconds(0)

    /// What the session timer waits for next.
    enum ExpiryStage {
        /// The end of the session's lifetime.
        case sessionEnd
        /// A short grace after it in which the client may begin re-authenticating
        /// (clients hold SaslHandshake behind a long poll in flight).
        case grace
        /// A re-authentication begun: the authentication timeout to finish it.
        case reauthenticationDeadline
    }

    /// How long after its session's end a client may still begin re-authenticating.
    static let reauthenticationGrace: TimeAmount = .seconds(1)

    init(configuration: SessionConfiguration, clientAddress: IPAddress, topicNames: TopicNames) {
        self.configuration = configuration
        self.clientAddress = clientAddress
        self.topicNames = topicNames
        self.state = configuration.usesTLS ? .awaitingHandshake : .authenticating(.initial)
    }

    /// Whether frames may be read and cut now.
    var isReading: Bool {
        if case .closed = state { return false }
        return pauses.isEmpty
    }

    /// Who the connection serves, once it does.
    var servingPrincipal: SessionPrincipal? {
        if case .serving(let session) = state { return session.principal }
        return nil
    }

    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    // MARK: Connection events

    /// The connection is open: the authentication clock starts (it also bounds
    /// a TLS handshake that never completes), or an anonymous session begins.
    mutating func accepted(now: NIODeadline) -> [SessionAction] {
        var actions: [SessionAction] = []
        if case .anonymous = configuration.authentication, !configuration.usesTLS {
            startAnonymousSession(now: now, into: &actions)
        } else {
            arm(.authentication, after: configuration.limits.authenticationTimeout, into: &actions)
        }
        return actions
    }

    /// The client closed the connection (or it broke): nothing more happens
    /// on it, and what the upstream does next is no longer news.
    mutating func clientClosed() -> [SessionAction] {
        if case .closed = state { return [] }
        var actions: [SessionAction] = [.log(.clientDisconnected)]
        enterClosed(into: &actions)
        return actions
    }

    mutating func errorCaught(_ description: String) -> [SessionAction] {
        var actions: [SessionAction] = []
        if case .awaitingHandshake = state { actions.append(.count(.refused(reason: ConnectionRefusal.tlsHandshakeFailed))) }
        close(reason: "connection error: \(description)", into: &actions)
        return actions
    }

    /// The client's bytes cannot be cut into frames (a length prefix over the limit, say).
    mutating func badFrame(_ error: any Error) -> [SessionAction] {
        var actions: [SessionAction] = []
        close(reason: "bad frame: \(error)", into: &actions)
        return actions
    }

    /// The client's side can take more (or no more) bytes: reading pauses while
    /// it cannot, so answers the gateway makes itself cannot pile up, and the
    /// upstream is read only as fast as the client takes its responses.
    mutating func clientWritabilityChanged(isWritable: Bool) -> [SessionAction] {
        var actions: [SessionAction] = []
        setPaused(.clientBackpressure, !isWritable, into: &actions)
        if let id = upstream.id { actions.append(.setUpstreamReading(isWritable, id)) }
        return actions
    }

    /// The gateway-wide budget for buffered request bytes has (or has no) room
    /// for the frame this connection is receiving.
    mutating func memoryBudgetChanged(hasRoom: Bool) -> [SessionAction] {
        var actions: [SessionAction] = []
        setPaused(.memoryBudget, !hasRoom, into: &actions)
        return actions
    }

    // MARK: Policy and timers

    /// The policy changed: a session whose principal is no longer admitted
    /// ends now, and a request still waiting for its topics' names (not yet
    /// decided) will be decided by the new policy.
    mutating func policyChanged(_ policy: GatewayPolicy) -> [SessionAction] {
        var actions: [SessionAction] = []
        if case .serving(let session) = state, !admits(session.principal, policy: policy) {
            close(reason: "principal removed or disabled", into: &actions)
        }
        if let waiting = inFlight.firstIndex(where: { $0.lookup != nil }) {
            inFlight[waiting].lookup?.policy = policy
        }
        return actions
    }

    mutating func timerFired(_ timer: SessionTimer, generation: Int, now: NIODeadline, policy: GatewayPolicy) -> [SessionAction] {
        guard armedTimers[timer] == generation else { return [] }
        armedTimers[timer] = nil
        var actions: [SessionAction] = []
        switch timer {
        case .authentication:
            if case .serving = state { break }
            close(reason: "authentication did not complete in time", into: &actions)
        case .session:
            sessionTimerFired(policy: policy, into: &actions)
        case .upstreamRenewal:
            beginUpstreamRenewal(into: &actions)
        case .throttle:
            throttleEnds = nil
            setPaused(.throttled, false, into: &actions)
        }
        return actions
    }

    private mutating func sessionTimerFired(policy: GatewayPolicy, into actions: inout [SessionAction]) {
        guard case .serving(let session) = state else { return }
        guard admits(session.principal, policy: policy) else {
            close(reason: "principal removed or disabled", into: &actions)
            return
        }
        let reauthenticating = session.reauthentication != nil
        switch expiryStage {
        case .sessionEnd where reauthenticating, .grace where reauthenticating:
            expiryStage = .reauthenticationDeadline
            arm(.session, after: configuration.limits.authenticationTimeout, into: &actions)
        case .sessionEnd:
            expiryStage = .grace
            arm(.session, after: Self.reauthenticationGrace, into: &actions)
        case .grace:
            close(reason: "session expired without re-authentication", into: &actions)
        case .reauthenticationDeadline:
            close(reason: "re-authentication did not complete in time", into: &actions)
        }
    }

    // MARK: Shared steps

    /// Counts a first session's principal against its connection limit
    /// (anonymous sessions are bounded by the address limits instead).
    mutating func claimPrincipalSlot(_ principal: SessionPrincipal) -> Bool {
        guard let slots = configuration.principalSlots, claimedPrincipalSlot == nil, principal != .anonymous else { return true }
        guard slots.claim(principal: principal.userName) else { return false }
        claimedPrincipalSlot = principal.userName
        return true
    }

    /// Whether `principal` may hold a session under `policy`. Anonymous exists
    /// only where the listener allows it; everyone else must be an enabled
    /// principal of the store, or hold an enabled IAM access key of it.
    func admits(_ principal: SessionPrincipal, policy: GatewayPolicy) -> Bool {
        switch principal {
        case .anonymous: configuration.allowsAnonymous
        case .user(let name): policy.admits(name)
        case .iam(let identity): policy.iam.admits(identity)
        }
    }

    /// Opens a session (or renews one after re-authentication): the frame
    /// limit rises, the session clock starts, and a first session opens the upstream.
    mutating func startSession(
        _ principal: SessionPrincipal, mechanism: SaslMechanism?, lifetime: TimeAmount?, now: NIODeadline,
        into actions: inout [SessionAction]
    ) {
        let renewed = if case .serving = state { true } else { false }
        state = .serving(Session(
            principal: principal, mechanism: mechanism, authenticatedAt: now,
            expiresAt: lifetime.map { now + $0 }, reauthentication: nil
        ))
        disarm(.authentication)
        expiryStage = .sessionEnd
        if let lifetime {
            arm(.session, after: lifetime, into: &actions)
        } else {
            disarm(.session)
        }
        if case .serving(let session) = state {
            actions.append(.recordAuthentication(AuthenticationToRecord(
                principal: principal.description, mechanism: session.mechanismName, succeeded: true,
                reason: renewed ? "re-authenticated" : nil
            )))
        }
        if renewed {
            actions.append(.log(.reauthenticated))
        } else {
            actions.append(.raiseFrameLimit)
            actions.append(.log(.authenticated(principal)))
            connectUpstream(sending: [], into: &actions)
        }
    }

    mutating func startAnonymousSession(now: NIODeadline, into actions: inout [SessionAction]) {
        guard configuration.allowsAnonymous else {
            close(reason: "no credentials, and the listener does not allow anonymous access", into: &actions)
            return
        }
        startSession(.anonymous, mechanism: nil, lifetime: nil, now: now, into: &actions)
    }

    /// Writes every response that is next in order; reading pauses while more
    /// than the limit waits behind a response not yet come.
    mutating func flushResponses(into actions: inout [SessionAction]) {
        let writable = responses.takeWritable()
        if !writable.isEmpty {
            for response in writable {
                if let request = response.answering { actions.append(.count(.responding(request))) }
                actions.append(.write(response.bytes))
            }
            actions.append(.flush)
        }
        setPaused(.responsesQueued, responses.queuedBytes > configuration.limits.maximumPendingResponseBytes, into: &actions)
    }

    /// Closes after the responses already in order have been written.
    /// `claimedPrincipal`: who a failed authentication proved to be trying,
    /// when the exchange's stage cannot say (an IAM token names its key).
    mutating func close(
        reason: String, authenticationFailure: Bool = false, claimedPrincipal: String? = nil, into actions: inout [SessionAction]
    ) {
        if case .closed = state { return }
        if authenticationFailure {
            let (claimed, mechanism) = attemptedIdentity
            actions.append(.recordAuthentication(AuthenticationToRecord(
                principal: claimedPrincipal ?? claimed, mechanism: mechanism, succeeded: false, reason: reason
            )))
        }
        flushResponses(into: &actions)
        enterClosed(into: &actions)
        actions.append(.close(reason: reason, authenticationFailure: authenticationFailure))
    }

    /// Who an authentication in progress claims to be and how, for the decision log.
    private var attemptedIdentity: (principal: String?, mechanism: String) {
        let stage: SaslStage? = switch state {
        case .authenticating(let stage): stage
        case .serving(let session): session.reauthentication
        case .awaitingHandshake, .closed: nil
        }
        switch stage {
        case .exchanging(let exchange, _): return (exchange.claimedUsername.map { "User:\($0)" }, exchange.mechanism.rawValue)
        case .handshaken(let mechanism, _): return (nil, mechanism.name)
        case .initial, nil: return (nil, configuration.usesTLS && stage == nil ? "MTLS" : "SASL")
        }
    }

    /// Nothing more happens on the connection: its upstream goes, its timers are void.
    private mutating func enterClosed(into actions: inout [SessionAction]) {
        state = .closed
        if let id = upstream.id { actions.append(.closeUpstream(id)) }
        upstream = .closed
        armedTimers.removeAll()
    }

    mutating func arm(_ timer: SessionTimer, after delay: TimeAmount, into actions: inout [SessionAction]) {
        lastGeneration += 1
        armedTimers[timer] = lastGeneration
        actions.append(.schedule(timer, generation: lastGeneration, after: delay))
    }

    /// A timer that fires after this is ignored.
    mutating func disarm(_ timer: SessionTimer) {
        armedTimers[timer] = nil
    }

    mutating func setPaused(_ reason: ReadPauses, _ paused: Bool, into actions: inout [SessionAction]) {
        let wasReading = pauses.isEmpty
        if paused { pauses.insert(reason) } else { pauses.remove(reason) }
        if wasReading != pauses.isEmpty, !isClosed { actions.append(.setReading(pauses.isEmpty)) }
    }

    /// `request` as the metrics see its answer.
    func answering(_ request: KafkaRequestFrame) -> AnsweredRequest {
        AnsweredRequest(apiKey: request.apiKey, apiVersion: request.apiVersion, receivedAt: frameReceivedAt)
    }

    mutating func makeUpstreamID() -> UpstreamID {
        lastUpstreamID += 1
        return UpstreamID(value: lastUpstreamID)
    }
}

/// Why reading from the client is paused; it resumes when no reason is left.
struct ReadPauses: OptionSet {
    let rawValue: UInt8
    /// Connecting to the upstream, or renewing its session.
    static let upstreamNotReady = ReadPauses(rawValue: 1 << 0)
    /// The upstream takes requests more slowly than the client sends them.
    static let upstreamBackpressure = ReadPauses(rawValue: 1 << 1)
    /// The client is not reading its responses.
    static let clientBackpressure = ReadPauses(rawValue: 1 << 2)
    /// Too many answers wait behind a response still to come from the upstream.
    static let responsesQueued = ReadPauses(rawValue: 1 << 3)
    /// The gateway-wide budget for buffered request bytes is spent.
    static let memoryBudget = ReadPauses(rawValue: 1 << 4)
    /// A request waits for the names of the topic ids it names; those after it wait too.
    static let resolvingTopicIds = ReadPauses(rawValue: 1 << 5)
    /// The gateway is shutting down: no new request is read.
    static let draining = ReadPauses(rawValue: 1 << 6)
    /// A quota's wait, which the last throttled response told the client of (Kafka mutes the channel).
    static let throttled = ReadPauses(rawValue: 1 << 7)
}
