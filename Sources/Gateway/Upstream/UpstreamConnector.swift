import NIOCore
import NIOPosix

/// Opens connections to upstream brokers. Every connection, whether it
/// carries one client's requests or the gateway's own probes, is made here,
/// so the upstream's security settings apply to all of them.
struct UpstreamConnector: Sendable {
    var connectTimeout: TimeAmount = .seconds(5)

    /// Connects on `eventLoop` and lets `configure` add the handlers that read
    /// the upstream's frames (the connection's security handlers go first).
    func connect(
        to endpoint: UpstreamEndpoint,
        on eventLoop: any EventLoop,
        configure: @escaping @Sendable (any Channel) throws -> Void
    ) -> EventLoopFuture<any Channel> {
        ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try configure(channel) }
            }
            .connect(host: endpoint.host, port: endpoint.port)
    }
}
