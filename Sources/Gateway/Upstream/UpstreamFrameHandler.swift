import NIOCore

/// Reads an upstream connection's responses and hands them, whole, to the
/// client connection it serves (on the same event loop).
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
        do {
            while let frame = try frames.nextFrame() {
                client.value.upstreamDidRead(frame, from: context.channel)
            }
        } catch {
            client.value.upstreamFailed(reason: "bad upstream frame: \(error)", channel: context.channel)
            context.close(promise: nil)
        }
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
