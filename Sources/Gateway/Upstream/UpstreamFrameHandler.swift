import NIOCore

/// Reads an upstream connection's responses and hands them to the client
/// connection it serves (on the same event loop): whole, or, when the client
/// can take one as it arrives (see `mayPassThrough`), in parts.
final class UpstreamFrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let client: NIOLoopBound<ClientConnectionHandler>
    private var frames: FrameAccumulator

    init(client: NIOLoopBound<ClientConnectionHandler>, maximumResponseSize: Int) {
        self.client = client
        self.frames = FrameAccumulator(maximumFrameLength: maximumResponseSize)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        frames.append(unwrapInboundIn(data))
        let client = client.value
        let channel = context.channel
        do {
            while let piece = try frames.nextPiece(passThrough: { client.mayPassThrough(responseStart: $0, from: channel) }) {
                switch piece {
                case .frame(let frame): client.upstreamDidRead(frame, from: channel)
                case .firstPart(let part): client.upstreamDidBeginPassingThrough(part, from: channel)
                case .part(let part, let isLast): client.upstreamDidPassThrough(part, isLast: isLast, from: channel)
                }
            }
        } catch {
            client.upstreamFailed(reason: "bad upstream frame: \(error)", channel: channel)
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        client.value.upstreamReadComplete(from: context.channel)
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        client.value.upstreamWritabilityChanged(isWritable: context.channel.isWritable, channel: context.channel)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        client.value.upstreamFailed(reason: "the upstream closed the connection", channel: context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        client.value.upstreamFailed(reason: "upstream error: \(error)", channel: context.channel)
        context.close(promise: nil)
    }
}
