import Authorization
import NIOCore
import NIOPosix
import Observability

/// One configured listener once bound: its bootstrap channel and what its
/// connections (and those of its node ports) share.
struct GatewayListener: Sendable {
    let configuration: GatewayListenerConfiguration
    let context: ListenerContext
    let tls: ReloadingTLSContext?
    let channel: any Channel

    /// Binds a port of a listener: refused addresses and connections over a limit are closed at accept,
    /// then TLS (when configured), then the connection's own handler.
    static func bind(
        _ listener: GatewayListenerConfiguration, port: Int, context: ListenerContext, tls: ReloadingTLSContext?
    ) async throws -> any Channel {
        let filter = CIDRAcceptFilter(
            allowList: listener.allowedClients, listenerName: listener.name, logger: context.logger, logLimiter: context.refusalLog,
            refusals: context.metrics.connectionsRefused.series([context.name, ConnectionRefusal.cidrNotAllowed])
        )
        let noClientAddress = context.metrics.connectionsRefused.series([context.name, ConnectionRefusal.noClientAddress])
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(filter)
                    if let admission = context.connectionAdmission {
                        try channel.pipeline.syncOperations.addHandler(ConnectionLimitFilter(
                            admission: admission, listenerName: context.name, policy: context.policy, logger: context.logger,
                            logLimiter: context.refusalLog, metrics: context.metrics
                        ))
                    }
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // A client that stops reading stops being read (see ReadPauses.clientBackpressure).
            .childChannelOption(.writeBufferWaterMark, value: .init(
                low: context.limits.maximumPendingResponseBytes / 2, high: context.limits.maximumPendingResponseBytes
            ))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // ACL hosts and network rules need the client's address: without one, no service.
                    guard let clientAddress = channel.remoteAddress.flatMap(IPAddress.init) else {
                        noClientAddress?.increment()
                        throw ChannelError.inappropriateOperationForState
                    }
                    if let tls {
                        try channel.pipeline.syncOperations.addHandlers(tls.makeServerHandler(), HandshakeAcknowledgement())
                    }
                    try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler(
                        listener: context, clientAddress: clientAddress, clientPort: channel.remoteAddress?.port
                    ))
                }
            }
            .bind(host: listener.host, port: port)
            .get()
    }
}
