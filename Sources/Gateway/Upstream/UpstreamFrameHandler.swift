import NIOCore

/// Reads an upstream connection's responses and hands them to the client
/// connection it serves (on the same event loop): whole, or, when the client
/// can take one as it arrives (see `mayPassThrough`), in parts.
final class UpstreamFrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let client: NIOLoopBound<ClientConnectionHandler>
    private let id: UpstreamID
    private var frames: FrameAccumulator

    init(client: NIOLoopBound<ClientConnectionHandler>, id: UpstreamID, maximumResponseSize: Int) {
        self.client = client
        self.id = id
        self.frames = FrameAccumulator(maximumFrameLength: maximumResponseSize)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        frames.append(unwrapInboundIn(data))
        let client = client.value
        let id = id
        do {
            while let piece = try frames.nextPiece(passThrough: { client.mayPassThrough(responseStart: $0, from: id) }) {
                switch piece {
                case .frame(let frame): client.upstreamDidRead(frame, from: id)
                case .firstPart(let part): client.upstreamDidBeginPassingThrough(part, from: id)
                case .part(let part, let isLast): client.upstreamDidPassThrough(part, isLast: isLast, from: id)
                }
            }
        } catch {
            client.upstreamFailed(.protocolViolation, reason: "bad upstream frame: \(error)", from: id)
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        client.value.upstreamReadComplete(from: id)
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        client.value.upstreamWritabilityChanged(isWritable: context.channel.isWritable, from: id)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        client.value.upstreamFailed(.disconnected, reason: "the upstream closed the connection", from: id)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        client.value.upstreamFailed(UpstreamFailure(error, otherwise: .disconnected), reason: "upstream error: \(error)", from: id)
        context.close(promise: nil)
    }
}
