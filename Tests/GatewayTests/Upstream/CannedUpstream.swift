@testable import Gateway
import KafkaProtocol
import NIOCore
import NIOPosix
import Synchronization

/// A stand-in upstream broker on a loopback port: answers each request with
/// what `answer` makes of it, and keeps the requests it was sent.
final class CannedUpstream: Sendable {
    let channel: any Channel
    private let log: RequestLog

    var endpoint: UpstreamEndpoint { UpstreamEndpoint(host: "127.0.0.1", port: channel.localAddress!.port!) }
    var requests: [KafkaRequestFrame] { log.requests.withLock { $0 } }

    init(answer: @escaping @Sendable (KafkaRequestFrame) -> KafkaResponseBody) async throws {
        let log = RequestLog()
        self.log = log
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: 1 << 20)))
                    try channel.pipeline.syncOperations.addHandler(Responder(answer: answer, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func close() async throws { try await channel.close() }

    private final class RequestLog: Sendable {
        let requests = Mutex<[KafkaRequestFrame]>([])
    }

    private final class Responder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let answer: @Sendable (KafkaRequestFrame) -> KafkaResponseBody
        let log: RequestLog

        init(answer: @escaping @Sendable (KafkaRequestFrame) -> KafkaResponseBody, log: RequestLog) {
            self.answer = answer
            self.log = log
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let request = try? KafkaRequestFrame(decoding: unwrapInboundIn(data)) else {
                context.close(promise: nil)
                return
            }
            log.requests.withLock { $0.append(request) }
            let response = KafkaResponseFrame(
                header: ResponseHeader(correlationId: request.header.correlationId), body: answer(request), apiVersion: request.apiVersion
            )
            var buffer = context.channel.allocator.buffer(capacity: 512)
            do {
                try response.encode(into: &buffer)
            } catch {
                context.close(promise: nil)
                return
            }
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }
}
