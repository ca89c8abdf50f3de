import KafkaProtocol
import Logging
import NIOCore
import NIOPosix

/// The embedded broker's listener: accepts connections and serves each one
/// with its own task until the client closes it or the server is cancelled.
struct BrokerServer: Sendable {
    typealias Listener = NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>

    private let dispatcher: RequestDispatcher
    private let logger: Logger

    init(dispatcher: RequestDispatcher, logger: Logger) {
        self.dispatcher = dispatcher
        self.logger = logger
    }

    /// Binds the listener and returns it with the address it is bound to.
    static func bind(_ configuration: BrokerConfiguration) async throws -> (Listener, SocketAddress) {
        let maximumFrame = configuration.socketRequestMaxBytes
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.listen.host, port: configuration.listen.port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: maximumFrame))
                    )
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        guard let address = channel.channel.localAddress else { throw BrokerStartupError.notBound }
        return (channel, address)
    }

    /// Serves connections on a bound listener until cancelled.
    func serve(_ listener: Listener) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await serveConnection(connection) }
                }
            }
        }
    }

    /// Answers requests in the order they arrive, as Kafka does: a client
    /// matches responses to requests by order as well as correlation id.
    private func serveConnection(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let peer = connection.channel.remoteAddress?.description ?? "unknown"
        let clientHost = connection.channel.remoteAddress?.ipAddress.map { "/\($0)" } ?? ""
        do {
            try await connection.executeThenClose { frames, responses in
                for try await frame in frames {
                    switch await dispatcher.respond(to: frame, clientHost: clientHost) {
                    case .response(let bytes):
                        try await responses.write(bytes)
                    case .noResponse:
                        continue
                    case .close(let reason):
                        logger.warning("closing connection", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
                        return
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
    }
}

enum BrokerStartupError: Error, CustomStringConvertible {
    case notBound
    case unknownKMS(String)

    var description: String {
        switch self {
        case .notBound: "the listener has no local address"
        case .unknownKMS(let name): "unknown KMS '\(name)': use 'local' or 'aws'"
        }
    }
}
