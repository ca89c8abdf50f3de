import Audit
import Authorization
import KafkaProtocol
import Logging
import NIOCore

/// Serves one client connection by performing what its `SessionStateMachine`
/// decides: it cuts the client's bytes into frames, hands the machine each
/// event (with the time, the current policy and the negotiated APIs), and
/// carries out the actions it returns. Nothing here decides what a
/// connection may do.
///
/// Everything runs on the connection's event loop, and its upstream
/// connection is made on the same loop, so the two sides need no locks.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let listener: ListenerContext
    /// Who this connection is in the decision log.
    let auditConnection: AuditConnection
    var logger: Logger
    var machine: SessionStateMachine
    /// What the connection counts, and the series it counts into.
    var meters: ConnectionMetrics
    private var frames: FrameAccumulator
    var context: ChannelHandlerContext?
    private var timers: [SessionTimer: Scheduled<Void>] = [:]
    var upstreamChannels: [UpstreamID: any Channel] = [:]
    /// Bytes of the request memory budget this connection holds for the frame it is receiving.
    private var reservedBytes = 0
    /// Set while frames are being cut, so that resuming reading from inside doesn't cut them twice over.
    private var cuttingFrames = false
    /// Bytes written to the client and not flushed yet. While frames are cut,
    /// answers are flushed together (one TLS record for many small answers,
    /// not a record and a buffer each), at the end of the read or sooner
    /// when this passes `flushThreshold`.
    private var unflushedBytes = 0
    private static let flushThreshold = 64 * 1024
    /// This connection's share in its user's quotas, once it serves a user that has one.
    var quota: ConnectionQuota?
    /// Whether the principal's connection slot, if the machine claimed one, was given back.
    private var releasedPrincipalSlot = false

    init(listener: ListenerContext, clientAddress: IPAddress, clientPort: Int?) {
        self.listener = listener
        self.auditConnection = Self.auditConnection(clientAddress: clientAddress, port: clientPort, listener: listener.name)
        self.logger = listener.logger
        self.machine = SessionStateMachine(configuration: listener.session, clientAddress: clientAddress, topicNames: listener.topicNames)
        self.frames = FrameAccumulator(maximumFrameLength: listener.limits.unauthenticatedMaximumFrame)
        self.meters = ConnectionMetrics(
            metrics: listener.metrics, usage: listener.usage, listener: listener.name, topicNames: listener.topicNames
        )
    }

    /// Subscribes to policy changes before anything else can happen, so that
    /// no change falls between a check of the principal and the subscription.
    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        logger[metadataKey: "listener"] = "\(listener.name)"
        logger[metadataKey: "peer"] = "\(context.channel.remoteAddress?.description ?? "unknown")"
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        listener.policy.sessions.register(ObjectIdentifier(self)) {
            handler.eventLoop.execute { handler.value.policyChanged() }
        } drain: {
            handler.eventLoop.execute { handler.value.perform(handler.value.machine.drain()) }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        endOfConnection()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        meters.opened()
        perform(machine.accepted(now: .now()))
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(machine.clientClosed())
        endOfConnection()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After close, bytes still arriving (a TLS shutdown can take seconds)
        // are dropped, never buffered.
        guard !machine.isClosed else { return }
        frames.append(unwrapInboundIn(data))
        cutFrames()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        perform(machine.clientWritabilityChanged(isWritable: context.channel.isWritable))
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        perform(machine.errorCaught(TLSFailureDescription.describe(error)))
    }

    private func policyChanged() {
        perform(machine.policyChanged(listener.policy.current))
    }

    /// Hands the machine each whole frame while it is reading, then makes
    /// sure the budget covers the frame still arriving.
    private func cutFrames() {
        guard !cuttingFrames else { return }
        cuttingFrames = true
        defer { cuttingFrames = false }
        do {
            while machine.isReading, let frame = try frames.nextFrame() {
                let policy = listener.policy.current
                let received = NIODeadline.now()
                perform(machine.frameReceived(
                    frame, now: received, policy: policy, apis: listener.cluster.apis,
                    decisionLogAccepts: !(listener.decisionLog?.refusesRequests ?? false)
                ))
                spentOnRequests(since: received, quotas: policy.snapshot.quotas)
            }
        } catch {
            perform(machine.badFrame(error))
        }
        flushClient()
        reserveForIncompleteFrame()
    }

    // MARK: The request memory budget

    /// Holds a reservation of exactly the announced size of the frame being
    /// received (none between frames); pauses reading when the budget has no
    /// room. A connection that must wait holds nothing meanwhile (what it held
    /// was for a frame already complete), so waiting connections never hold
    /// room from each other.
    private func reserveForIncompleteFrame() {
        let needed = machine.isClosed ? 0 : frames.incompleteFrameSize
        if needed < reservedBytes {
            listener.requestBudget.release(reservedBytes - needed)
            reservedBytes = needed
        } else if needed > reservedBytes {
            let handler = NIOLoopBound(self, eventLoop: context!.eventLoop)
            let granted = listener.requestBudget.reserve(needed - reservedBytes, for: ObjectIdentifier(self)) {
                handler.eventLoop.execute { handler.value.reserveForIncompleteFrame() }
            }
            if granted {
                reservedBytes = needed
            } else {
                listener.requestBudget.release(reservedBytes)
                reservedBytes = 0
            }
            perform(machine.memoryBudgetChanged(hasRoom: granted))
        }
    }

    private func endOfConnection() {
        meters.closed()
        if !releasedPrincipalSlot, let principal = machine.claimedPrincipalSlot {
            releasedPrincipalSlot = true
            listener.session.principalSlots?.release(principal: principal)
        }
        listener.policy.sessions.unregister(ObjectIdentifier(self))
        listener.requestBudget.stopWaiting(ObjectIdentifier(self))
        listener.requestBudget.release(reservedBytes)
        reservedBytes = 0
        for timer in timers.values { timer.cancel() }
        timers.removeAll()
    }

    // MARK: Performing actions

    func perform(_ actions: [SessionAction]) {
        for action in actions { perform(action) }
        // While draining, each event may have answered the last request: then the connection closes.
        if machine.draining, case let closing = machine.closeIfDrained(), !closing.isEmpty { perform(closing) }
    }

    private func perform(_ action: SessionAction) {
        guard let context else { return }
        switch action {
        case .write(let bytes):
            unflushedBytes += bytes.readableBytes
            context.write(wrapOutboundOut(bytes), promise: nil)
            meters.written(bytes)
        case .flush:
            if !cuttingFrames || unflushedBytes >= Self.flushThreshold { flushClient() }
        case .forward(let frame, let id):
            upstreamChannels[id]?.writeAndFlush(frame, promise: nil)
        case .forwardAll(let frames, let id):
            guard let channel = upstreamChannels[id] else { return }
            for frame in frames { channel.write(frame, promise: nil) }
            channel.flush()
        case .connectUpstream(let id):
            connectUpstream(id)
        case .renewUpstream(let id):
            renewUpstream(id)
        case .closeUpstream(let id):
            upstreamChannels.removeValue(forKey: id)?.close(promise: nil)
        case .setReading(let reading):
            context.channel.setOption(.autoRead, value: reading).whenFailure { _ in }
            if reading { cutFrames() }
        case .setUpstreamReading(let reading, let id):
            upstreamChannels[id]?.setOption(.autoRead, value: reading).whenFailure { _ in }
        case .raiseFrameLimit:
            frames.maximumFrameLength = listener.limits.maximumRequestSize
        case .schedule(let timer, let generation, let delay):
            timers[timer]?.cancel()
            timers[timer] = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
                timers[timer] = nil
                perform(machine.timerFired(timer, generation: generation, now: .now(), policy: listener.policy.current))
            }
        case .log(let entry):
            log(entry)
        case .record(let decisions):
            record(decisions)
        case .recordAuthentication(let attempt):
            record(attempt)
            meters.authenticated(attempt)
        case .count(let metric):
            meters.count(metric)
            if case .produced(let produce) = metric { produced(produce) }
        case .administer(let request, let ticket, let actor):
            administer(request, ticket: ticket, actor: actor)
        case .close(let reason, let authenticationFailure):
            flushClient()
            logClosing(reason: reason, authenticationFailure: authenticationFailure)
            context.channel.setOption(.autoRead, value: false).whenFailure { _ in }
            context.close(promise: nil)
            endOfConnection()
        }
    }

    private func flushClient() {
        guard unflushedBytes > 0, let context else { return }
        unflushedBytes = 0
        context.flush()
    }

    private func log(_ entry: SessionLogEntry) {
        switch entry {
        case .authenticated(let principal):
            logger[metadataKey: "principal"] = "\(principal)"
            logger.info("authenticated")
        case .reauthenticated:
            logger.info("re-authenticated")
        case .upstreamLost(let reason, let inFlight):
            logger.warning("upstream connection lost", metadata: ["reason": "\(reason)", "requests in flight": "\(inFlight)"])
        case .upstreamRenewed(let held):
            logger.info("re-authenticated to the upstream", metadata: ["requests held": "\(held)"])
        case .clientDisconnected:
            logger.debug("client closed the connection")
        }
    }

    /// Failed authentications go through the listener's limiter, as refused
    /// connections do, so that a password-guessing flood is not a log flood.
    private func logClosing(reason: String, authenticationFailure: Bool) {
        var metadata: Logger.Metadata = ["reason": "\(reason)"]
        if authenticationFailure {
            guard let unlogged = listener.refusalLog.admit() else { return }
            if unlogged > 0 { metadata["failed authentications not logged"] = "\(unlogged)" }
        }
        logger.notice("closing connection", metadata: metadata)
    }
}
