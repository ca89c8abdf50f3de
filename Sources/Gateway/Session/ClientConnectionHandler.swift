import Authentication
import KafkaProtocol
import Logging
import NIOCore

/// Serves one client connection: cuts its bytes into frames, authenticates
/// it, answers what the gateway answers itself, forwards the rest to its own
/// upstream connection, and returns every response in request order.
///
/// Everything here runs on the connection's event loop, and its upstream
/// connection is made on the same loop, so the two sides need no locks.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let listener: ListenerContext
    var logger: Logger
    var frames: FrameAccumulator
    var phase: SessionPhase
    var responses = ResponseSequencer()
    var upstream = UpstreamState.notConnected
    /// When the upstream's SASL session must be renewed (see `scheduleUpstreamReauthentication`).
    var upstreamReauthentication: Scheduled<Void>?
    /// Forwarded requests awaiting their responses, oldest first: kept (their
    /// records are slices of the frame, not copies) so that a failed upstream
    /// can be answered for each of them.
    var inFlight = CircularBuffer<KafkaRequestFrame>()
    var context: ChannelHandlerContext?
    private var authenticationDeadline: Scheduled<Void>?
    var sessionExpiry: Scheduled<Void>?

    init(listener: ListenerContext) {
        self.listener = listener
        self.logger = listener.logger
        self.frames = FrameAccumulator(maximumFrameLength: listener.limits.unauthenticatedMaximumFrame)
        switch listener.authentication {
        case .certificate: self.phase = .awaitingCertificate
        case .anonymous where listener.usesTLS: self.phase = .awaitingCertificate
        case .anonymous, .scram: self.phase = .unauthenticated(.initial)
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        logger[metadataKey: "listener"] = "\(listener.name)"
        logger[metadataKey: "peer"] = "\(context.channel.remoteAddress?.description ?? "unknown")"
    }

    /// The authentication clock starts at accept, so it also bounds a TLS
    /// handshake that never completes.
    func channelActive(context: ChannelHandlerContext) {
        if case .anonymous = listener.authentication, !listener.usesTLS {
            beginSession(principal: "ANONYMOUS", mechanism: nil, lifetime: nil)
        } else {
            authenticationDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: listener.limits.authenticationTimeout) { [self] in
                guard case .authenticated = phase else {
                    close(reason: "authentication did not complete in time")
                    return
                }
            }
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        phase = .closed
        authenticationDeadline?.cancel()
        sessionExpiry?.cancel()
        listener.policy.sessions.unregister(ObjectIdentifier(self))
        closeUpstream()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After close, bytes still arriving (a TLS shutdown can take seconds)
        // are dropped, never buffered.
        if case .closed = phase { return }
        frames.append(unwrapInboundIn(data))
        do {
            while let frame = try frames.nextFrame() {
                if case .closed = phase { return }
                handle(frame: frame)
            }
        } catch {
            close(reason: "bad frame: \(error)")
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // Read from upstream only as fast as the client takes the responses.
        upstreamChannel?.setOption(.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(reason: "connection error: \(TLSFailureDescription.describe(error))")
    }

    /// Marks the connection authenticated: lifts the frame limit to the
    /// request size, starts the session clock and opens the upstream.
    func beginSession(principal: String, mechanism: ScramMechanism?, lifetime: TimeAmount?) {
        let now = NIODeadline.now()
        authenticationDeadline?.cancel()
        phase = .authenticated(AuthenticatedSession(
            principal: principal, mechanism: mechanism, authenticatedAt: now,
            expiresAt: lifetime.map { now + $0 }, reauthentication: nil
        ))
        frames.maximumFrameLength = listener.limits.maximumRequestSize
        logger[metadataKey: "principal"] = "User:\(principal)"
        logger.info("authenticated")
        if principal != "ANONYMOUS" {
            let revalidate = NIOLoopBound(self, eventLoop: context!.eventLoop)
            listener.policy.sessions.register(ObjectIdentifier(self)) {
                revalidate.eventLoop.execute { revalidate.value.revalidatePrincipal() }
            }
        }
        scheduleExpiry(at: now, lifetime: lifetime)
        connectUpstream()
    }

    /// Closes the connection at the end of a session that was not renewed.
    /// A client that is re-authenticating then gets the authentication
    /// timeout to finish; one that has not started gets a short grace, since
    /// clients hold their SaslHandshake behind requests in flight (a long
    /// poll), but no request is forwarded for it after the session's end.
    func scheduleExpiry(at authenticatedAt: NIODeadline, lifetime: TimeAmount?) {
        sessionExpiry?.cancel()
        guard let lifetime else { return }
        schedule(.sessionEnd, of: authenticatedAt, in: lifetime)
    }

    enum ExpiryStage {
        case sessionEnd, graceEnd, reauthenticationDeadline
    }

    /// Each stage checks that the session opened at `authenticatedAt` is
    /// still the current one (a completed re-authentication replaces it).
    private func schedule(_ stage: ExpiryStage, of authenticatedAt: NIODeadline, in delay: TimeAmount) {
        guard let context else { return }
        sessionExpiry = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            guard case .authenticated(let session) = phase, session.authenticatedAt == authenticatedAt else { return }
            let reauthenticating = session.reauthentication != nil
            switch stage {
            case .sessionEnd where reauthenticating, .graceEnd where reauthenticating:
                schedule(.reauthenticationDeadline, of: authenticatedAt, in: listener.limits.authenticationTimeout)
            case .sessionEnd:
                schedule(.graceEnd, of: authenticatedAt, in: Self.reauthenticationGrace)
            case .graceEnd:
                close(reason: "session expired without re-authentication")
            case .reauthenticationDeadline:
                close(reason: "re-authentication did not complete in time")
            }
        }
    }

    /// How long after its session's end a client may still begin re-authenticating.
    static let reauthenticationGrace: TimeAmount = .seconds(1)

    /// Called when the policy store changed: a removed or disabled principal loses its connection.
    func revalidatePrincipal() {
        guard case .authenticated(let session) = phase else { return }
        if !listener.policy.current.admits(session.principal) {
            close(reason: "principal removed or disabled")
        }
    }

    /// Writes every response that is next in order.
    func flushResponses() {
        guard let context else { return }
        let writable = responses.takeWritable()
        guard !writable.isEmpty else { return }
        for response in writable {
            context.write(wrapOutboundOut(response), promise: nil)
        }
        context.flush()
    }

    /// Closes after the responses already in order have been written.
    func close(reason: String) {
        guard let context else { return }
        if case .closed = phase { return }
        phase = .closed
        logger.notice("closing connection", metadata: ["reason": "\(reason)"])
        flushResponses()
        closeUpstream()
        context.channel.setOption(.autoRead, value: false).whenFailure { _ in }
        context.close(promise: nil)
    }
}
