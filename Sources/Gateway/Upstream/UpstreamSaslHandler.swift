import Authentication
import KafkaProtocol
import NIOCore

/// Authenticates an upstream connection with SASL/SCRAM (SaslHandshake v1,
/// then SaslAuthenticate v2 twice), then removes itself: on a new connection
/// before anything else is sent on it, and again on a live one whose session
/// is ending (KIP-368), added while nothing is in flight. The upstream's
/// answers are checked, its server signature included, so a connection is
/// used only once both sides proved themselves. The promise gets the session
/// lifetime the upstream set, if any.
final class UpstreamSaslHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let credentials: UpstreamSaslCredentials
    private let authenticated: EventLoopPromise<TimeAmount?>
    private var exchange: ScramClientExchange
    private var frames = FrameAccumulator(maximumFrameLength: 64 * 1024)
    private var step = Step.handshake

    private enum Step {
        case handshake, serverFirst, serverFinal, done
    }

    init(credentials: UpstreamSaslCredentials, authenticated: EventLoopPromise<TimeAmount?>) {
        self.credentials = credentials
        self.authenticated = authenticated
        self.exchange = ScramClientExchange(mechanism: credentials.mechanism, username: credentials.username, password: credentials.password)
    }

    /// Added to a live connection: re-authentication starts at once.
    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { begin(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        begin(context: context)
        context.fireChannelActive()
    }

    private func begin(context: ChannelHandlerContext) {
        send(.saslHandshake(SaslHandshakeRequest(mechanism: credentials.mechanism.rawValue)), version: 1, context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        frames.append(unwrapInboundIn(data))
        do {
            while step != .done, let frame = try frames.nextFrame() {
                try advance(with: frame.kafkaFrameBody, context: context)
            }
        } catch let error as UpstreamSecurityError {
            fail(error, context: context)
        } catch {
            fail(UpstreamSecurityError.authenticationFailed("\(error)"), context: context)
        }
    }

    private func advance(with frame: ByteBuffer, context: ChannelHandlerContext) throws {
        switch step {
        case .handshake:
            guard case .saslHandshake(let response) = try KafkaResponseFrame(decoding: frame, apiKey: .saslHandshake, apiVersion: 1).body,
                  response.errorCode == KafkaErrorCode.none.rawValue
            else { throw UpstreamSecurityError.authenticationFailed("\(credentials.mechanism.rawValue) is not enabled upstream") }
            step = .serverFirst
            authenticate(exchange.clientFirst(), context: context)
        case .serverFirst:
            let serverFirst = try authenticateResponse(frame).token
            step = .serverFinal
            authenticate(try exchange.receiveServerFirst(serverFirst), context: context)
        case .serverFinal:
            let (serverFinal, lifetimeMs) = try authenticateResponse(frame)
            try exchange.receiveServerFinal(serverFinal)
            step = .done
            context.pipeline.syncOperations.removeHandler(self, promise: nil)
            authenticated.succeed(lifetimeMs > 0 ? .milliseconds(lifetimeMs) : nil)
        case .done:
            break
        }
    }

    private func authenticateResponse(_ frame: ByteBuffer) throws -> (token: [UInt8], sessionLifetimeMs: Int64) {
        guard case .saslAuthenticate(let response) = try KafkaResponseFrame(decoding: frame, apiKey: .saslAuthenticate, apiVersion: 2).body
        else { throw UpstreamSecurityError.authenticationFailed("unexpected response") }
        guard response.errorCode == KafkaErrorCode.none.rawValue else {
            throw UpstreamSecurityError.authenticationFailed(response.errorMessage ?? "error \(response.errorCode)")
        }
        return (Array(response.authBytes.readableBytesView), response.sessionLifetimeMs)
    }

    private func authenticate(_ token: [UInt8], context: ChannelHandlerContext) {
        send(.saslAuthenticate(SaslAuthenticateRequest(authBytes: ByteBuffer(bytes: token))), version: 2, context: context)
    }

    private var correlationId: Int32 = 0

    private func send(_ body: KafkaRequestBody, version: Int16, context: ChannelHandlerContext) {
        correlationId += 1
        let header = RequestHeader(
            requestApiKey: body.apiKey.rawValue, requestApiVersion: version,
            correlationId: correlationId, clientId: "portcullis-gateway"
        )
        var buffer = ByteBuffer()
        do {
            try KafkaRequestFrame(header: header, body: body).encode(into: &buffer)
        } catch {
            fail(error, context: context)
            return
        }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if step != .done { authenticated.fail(UpstreamSecurityError.authenticationFailed("the upstream closed the connection")) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard step != .done else { return }
        step = .done
        authenticated.fail(error)
        context.close(promise: nil)
    }
}
