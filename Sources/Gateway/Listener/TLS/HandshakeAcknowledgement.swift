#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOTLS

/// Acknowledges the client's last handshake flight at once instead of
/// leaving it to Linux's delayed ACK.
///
/// In a TLS 1.3 handshake (and a TLS 1.2 resumption) the client speaks
/// last: its Finished is answered by nothing, because BoringSSL holds its
/// session tickets back until the server's first write. Linux then delays
/// the ACK of the Finished (~40 ms on loopback), and a client with Nagle's
/// algorithm on (librdkafka's default) holds its first request until that
/// ACK arrives. OpenSSL-based servers send their tickets at that moment,
/// which carries the ACK; here setting `TCP_QUICKACK` with an ACK pending
/// sends it (the option is one-shot: the kernel goes back to delaying ACKs
/// by itself, which is right for a request/response protocol whose answers
/// carry them).
///
/// Placed right after the TLS handler; it leaves the pipeline once the
/// handshake is done, so later reads do not pass through it.
final class HandshakeAcknowledgement: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case TLSUserEvent.handshakeCompleted = event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        acknowledgeNow(context.channel)
        context.fireUserInboundEventTriggered(event)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func acknowledgeNow(_ channel: any Channel) {
        #if canImport(Glibc)
        // A socket that refuses the option costs only the delay it was meant to save.
        let quickAcknowledgement = ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: CInt(TCP_QUICKACK)))
        try? channel.syncOptions?.setOption(quickAcknowledgement, value: 1)
        #endif
    }
}
