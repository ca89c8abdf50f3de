import Logging
import NIOCore
import Prometheus

/// Closes connections from outside a listener's allow-list as they are
/// accepted: the refused connection is never registered with an event loop,
/// its child channel initializer never runs, so no TLS handler or buffer is
/// made for it. Refusals are logged, at a bounded rate shared with the
/// listener's failed authentications (`SharedLogLimiter`). Install it on the
/// server channel, before the bootstrap's own accept handler:
///
///     ServerBootstrap(group: group)
///         .serverChannelInitializer { channel in
///             channel.eventLoop.makeCompletedFuture {
///                 try channel.pipeline.syncOperations.addHandler(
///                     CIDRAcceptFilter(allowList: allowList, listenerName: "mtls", logger: logger))
///             }
///         }
final class CIDRAcceptFilter: ChannelInboundHandler, Sendable {
    typealias InboundIn = Channel
    typealias InboundOut = Channel

    private let allowList: CIDRAllowList
    private let listenerName: String
    private let logger: Logger
    private let logLimiter: SharedLogLimiter
    /// Counts every refusal, logged or not; nil when metrics are off.
    private let refusals: Counter?

    init(
        allowList: CIDRAllowList, listenerName: String, logger: Logger, logLimiter: SharedLogLimiter = SharedLogLimiter(),
        refusals: Counter? = nil
    ) {
        self.allowList = allowList
        self.listenerName = listenerName
        self.logger = logger
        self.logLimiter = logLimiter
        self.refusals = refusals
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let accepted = unwrapInboundIn(data)
        let peer = accepted.remoteAddress
        guard allowList.allows(peer) else {
            accepted.close(promise: nil)
            refusals?.increment()
            guard let unlogged = logLimiter.admit() else { return }
            var metadata: Logger.Metadata = ["listener": "\(listenerName)", "peer": "\(peer.map { "\($0)" } ?? "unknown")"]
            if unlogged > 0 { metadata["refusals not logged before this one"] = "\(unlogged)" }
            logger.warning("connection refused: client address not in the listener's allow-list", metadata: metadata)
            return
        }
        context.fireChannelRead(data)
    }
}
