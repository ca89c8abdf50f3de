import KafkaProtocol
import NIOCore
import NIOPosix

/// A tiny Kafka "broker" on a loopback ephemeral port that records every
/// request frame real clients send it and answers just enough for them to
/// carry on (see `CaptureResponder`).
///
/// Start it, point a client at `bootstrap`, then `stop()` it and read `log`.
final class CaptureServer: Sendable {
    let cluster: CapturedCluster
    let log: CaptureLog
    private let serverChannel: any Channel
    private let acceptLoop: Task<Void, Never>

    var bootstrap: String { "\(cluster.host):\(cluster.port)" }

    /// Frames above this are refused; clients here send a few KiB at most.
    static let maximumFrameLength = 16 << 20

    private init(cluster: CapturedCluster, log: CaptureLog, serverChannel: any Channel, acceptLoop: Task<Void, Never>) {
        self.cluster = cluster
        self.log = log
        self.serverChannel = serverChannel
        self.acceptLoop = acceptLoop
    }

    /// Binds 127.0.0.1 on an ephemeral port and starts accepting.
    /// - Parameter apiVersionsMaxVersion: the highest ApiVersions version the
    ///   server answers; lower it to make clients fall back.
    static func start(apiVersionsMaxVersion: Int16 = KafkaApiKey.apiVersions.validVersions.upperBound) async throws -> CaptureServer {
        let host = "127.0.0.1"
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: maximumFrameLength))
                    )
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        guard let port = server.channel.localAddress?.port else {
            try? await server.channel.close()
            throw CaptureServerError.noLocalPort
        }
        let cluster = try CapturedCluster(host: host, port: Int32(port), apiVersionsMaxVersion: apiVersionsMaxVersion)
        let log = CaptureLog()
        let acceptLoop = Task<Void, Never> {
            try? await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        let id = log.openConnection()
                        let responder = CaptureResponder(cluster: cluster, log: log, connection: id)
                        group.addTask { await CaptureConnection(channel: connection, responder: responder).serve() }
                    }
                }
            }
        }
        return CaptureServer(cluster: cluster, log: log, serverChannel: server.channel, acceptLoop: acceptLoop)
    }

    /// Stops accepting, closes every connection and waits for them.
    func stop() async {
        acceptLoop.cancel()
        try? await serverChannel.close()
        await acceptLoop.value
    }
}

enum CaptureServerError: Error {
    case noLocalPort
}
