import Logging
import NIOCore
import Synchronization

/// Closes connections from outside a listener's allow-list as they are
/// accepted: the refused connection is never registered with an event loop,
/// its child channel initializer never runs, so no TLS handler or buffer is
/// made for it. Refusals are logged, at a bounded rate (`RefusalLogLimiter`). Install it on the server channel, before the bootstrap's own
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
    private let logLimiter = Mutex(RefusalLogLimiter())

    public init(allowList: CIDRAllowList, listenerName: String, logger: Logger) {
        self.allowList = allowList
        self.listenerName = listenerName
        self.logger = logger
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let accepted = unwrapInboundIn(data)
        let peer = accepted.remoteAddress
        guard allowList.allows(peer) else {
            accepted.close(promise: nil)
            let now = ContinuousClock.now
            guard let unlogged = logLimiter.withLock({ $0.admit(at: now) }) else { return }
            var metadata: Logger.Metadata = ["listener": "\(listenerName)", "peer": "\(peer.map { "\($0)" } ?? "unknown")"]
            if unlogged > 0 { metadata["refusals not logged before this one"] = "\(unlogged)" }
            logger.warning("connection refused: client address not in the listener's allow-list", metadata: metadata)
            return
        }
        context.fireChannelRead(data)
    }
}
