import Logging
import NIOCore

/// Closes connections from outside a listener's allow-list as they are
/// accepted: the refused connection is never registered with an event loop,
/// its child channel initializer never runs, so no TLS handler or buffer is
/// made for it. Install it on the server channel, before the bootstrap's own
/// accept handler:
///
///     ServerBootstrap(group: group)
///         .serverChannelInitializer { channel in
///             channel.eventLoop.makeCompletedFuture {
///                 try channel.pipeline.syncOperations.addHandler(
///                     CIDRAcceptFilter(allowList: allowList, listenerName: "mtls", logger: logger))
///             }
///         }
public final class CIDRAcceptFilter: ChannelInboundHandler, Sendable {
    public typealias InboundIn = Channel
    public typealias InboundOut = Channel

    private let allowList: CIDRAllowList
    private let listenerName: String
    private let logger: Logger

    public init(allowList: CIDRAllowList, listenerName: String, logger: Logger) {
        self.allowList = allowList
        self.listenerName = listenerName
        self.logger = logger
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let accepted = unwrapInboundIn(data)
        let peer = accepted.remoteAddress
        guard allowList.allows(peer) else {
            logger.warning(
                "connection refused: client address not in the listener's allow-list",
                metadata: ["listener": "\(listenerName)", "peer": "\(peer.map { "\($0)" } ?? "unknown")"]
            )
            accepted.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}
