import NIOCore
import NIOHTTP1
import NIOPosix

/// The metrics port: an HTTP/1.1 server for `/metrics`, `/healthz` and
/// `/readyz` (MSK's open-monitoring port is 11001). Plain HTTP: bind it to
/// loopback or a monitoring network, as a node exporter is.
public struct MetricsServer: Sendable {
    public let channel: any Channel

    /// The bound port (the real one when 0 was asked for).
    public var port: Int? { channel.localAddress?.port }

    /// - Parameter readiness: the checks `/readyz` runs, asked for on each
    ///   request so that parts started later can add theirs.
    public static func start(
        host: String, port: Int, metrics: PortcullisMetrics,
        readiness: @escaping @Sendable () -> [ReadinessCheck],
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MetricsServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try child.pipeline.syncOperations.addHandler(MetricsHTTPHandler(metrics: metrics, readiness: readiness))
                }
            }
            .bind(host: host, port: port)
            .get()
        return MetricsServer(channel: channel)
    }

    public func close() async throws {
        try await channel.close()
    }
}
