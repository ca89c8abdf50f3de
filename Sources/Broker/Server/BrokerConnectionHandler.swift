import Logging
import NIOCore

/// Serves one connection on its event loop. Requests are answered one at a
/// time, in the order they arrived (clients match responses by order, and an
/// idempotent producer's batches must append in order); each is dispatched
/// in a task that prefers this loop, so a produce is decoded, appended and
/// answered here without a thread switch. Reading stops while a request waits
/// behind the one in progress, or while the client does not read its
/// responses (the channel is not writable): a client that stops reading
/// stops being read.
final class BrokerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let dispatcher: RequestDispatcher
    /// The listener the connection arrived on.
    private let listener: BrokerListener
    private let logger: Logger
    private var connection: ConnectionContext?
    private var executor: EventLoopTaskExecutor?
    private var waiting = CircularBuffer<ByteBuffer>()
    private var serving = false
    private var readHeld = false

    init(dispatcher: RequestDispatcher, listener: BrokerListener, logger: Logger) {
        self.dispatcher = dispatcher
        self.listener = listener
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        // The connection's local port is the listener's bound one, real even when 0 was asked for.
        let bound = SocketAddressSpec(host: listener.bind.host, port: channel.localAddress?.port ?? listener.bind.port)
        connection = ConnectionContext(clientHost: channel.remoteAddress?.ipAddress.map { "/\($0)" } ?? "",
                                       advertised: listener.advertised ?? bound)
        executor = EventLoopTaskExecutor(context.eventLoop)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        waiting.append(unwrapInboundIn(data))
        serveNext(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        waiting.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection ended", metadata: ["peer": "\(context.remoteAddress?.description ?? "unknown")", "error": "\(error)"])
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if mayRead(context) {
            context.read()
        } else {
            readHeld = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReading(context: context)
        context.fireChannelWritabilityChanged()
    }

    private func mayRead(_ context: ChannelHandlerContext) -> Bool {
        waiting.isEmpty && context.channel.isWritable
    }

    private func resumeReading(context: ChannelHandlerContext) {
        guard readHeld, mayRead(context) else { return }
        readHeld = false
        context.read()
    }

    private func serveNext(context: ChannelHandlerContext) {
        guard !serving, let connection, context.channel.isActive, let frame = waiting.popFirst() else { return }
        serving = true
        let loop = context.eventLoop
        let handler = NIOLoopBound((self, context), eventLoop: loop)
        Task(executorPreference: executor) { [dispatcher] in
            let outcome = await dispatcher.respond(to: frame, connection: connection)
            // The task prefers this loop, so this is normally direct.
            if loop.inEventLoop {
                handler.value.0.answered(outcome, context: handler.value.1)
            } else {
                loop.execute { handler.value.0.answered(outcome, context: handler.value.1) }
            }
        }
    }

    private func answered(_ outcome: DispatchOutcome, context: ChannelHandlerContext) {
        serving = false
        switch outcome {
        case .response(let bytes):
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
        case .noResponse:
            break
        case .close(let reason):
            logger.warning("closing connection", metadata: ["peer": "\(context.remoteAddress?.description ?? "unknown")", "reason": "\(reason)"])
            context.close(promise: nil)
            return
        }
        serveNext(context: context)
        resumeReading(context: context)
    }
}
