import Authentication
import KafkaProtocol
import NIOCore

/// Authenticates a new upstream connection with SASL/SCRAM before anything
/// else is sent on it (SaslHandshake v1, then SaslAuthenticate v2 twice),
/// then removes itself. The upstream's answers are checked, its server
/// signature included, so a connection is used only once both sides proved
/// themselves.
final class UpstreamSaslHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let credentials: UpstreamSaslCredentials
    private let authenticated: EventLoopPromise<Void>
    private var exchange: ScramClientExchange
    private var frames = FrameAccumulator(maximumFrameLength: 64 * 1024)
    private var step = Step.handshake

    private enum Step {
        case handshake, serverFirst, serverFinal, done
    }

    init(credentials: UpstreamSaslCredentials, authenticated: EventLoopPromise<Void>) {
        self.credentials = credentials
        self.authenticated = authenticated
        self.exchange = ScramClientExchange(mechanism: credentials.mechanism, username: credentials.username, password: credentials.password)
    }

    func channelActive(context: ChannelHandlerContext) {
        send(.saslHandshake(SaslHandshakeRequest(mechanism: credentials.mechanism.rawValue)), version: 1, context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        frames.append(unwrapInboundIn(data))
        do {
            while step != .done, let frame = try frames.nextFrame() {
                try advance(with: frame.kafkaFrameBody, context: context)
            }
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
            let serverFirst = try authenticateResponse(frame)
            step = .serverFinal
            authenticate(try exchange.receiveServerFirst(serverFirst), context: context)
        case .serverFinal:
            try exchange.receiveServerFinal(try authenticateResponse(frame))
            step = .done
            context.pipeline.syncOperations.removeHandler(self, promise: nil)
            authenticated.succeed()
        case .done:
            break
        }
    }

    private func authenticateResponse(_ frame: ByteBuffer) throws -> [UInt8] {
        guard case .saslAuthenticate(let response) = try KafkaResponseFrame(decoding: frame, apiKey: .saslAuthenticate, apiVersion: 2).body
        else { throw UpstreamSecurityError.authenticationFailed("unexpected response") }
        guard response.errorCode == KafkaErrorCode.none.rawValue else {
            throw UpstreamSecurityError.authenticationFailed(response.errorMessage ?? "error \(response.errorCode)")
        }
        return Array(response.authBytes.readableBytesView)
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
