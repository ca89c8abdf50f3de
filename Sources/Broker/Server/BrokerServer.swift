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

    /// Binds one listener; the advertised address carries the real port when 0 was asked for.
    static func bind(_ listener: BrokerListener, maximumFrame: Int) async throws -> (Listener, BoundListener) {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: listener.bind.host, port: listener.bind.port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: maximumFrame))
                    )
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        guard let port = channel.channel.localAddress?.port else { throw BrokerStartupError.notBound(listener.name) }
        let bound = SocketAddressSpec(host: listener.bind.host, port: port)
        return (channel, BoundListener(name: listener.name, bound: bound, advertised: listener.advertised ?? bound))
    }

    /// Serves connections on every bound listener until cancelled.
    func serve(_ listeners: [(Listener, BoundListener)]) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for (listener, bound) in listeners {
                group.addTask { try await serve(listener, advertising: bound.advertised) }
            }
        }
    }

    private func serve(_ listener: Listener, advertising advertised: SocketAddressSpec) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await serveConnection(connection, advertised: advertised) }
                }
            }
        }
    }

    /// Answers requests in the order they arrive, as Kafka does: a client
    /// matches responses to requests by order as well as correlation id.
    private func serveConnection(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, advertised: SocketAddressSpec) async {
        let peer = connection.channel.remoteAddress?.description ?? "unknown"
        let context = ConnectionContext(
            clientHost: connection.channel.remoteAddress?.ipAddress.map { "/\($0)" } ?? "", advertised: advertised
        )
        do {
            try await connection.executeThenClose { frames, responses in
                for try await frame in frames {
                    switch await dispatcher.respond(to: frame, connection: context) {
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
    case notBound(String)
    case noListeners
    case unknownKMS(String)

    var description: String {
        switch self {
        case .notBound(let name): "the listener \(name) has no local address"
        case .noListeners: "no listener is configured"
        case .unknownKMS(let name): "unknown KMS '\(name)': use 'local' or 'aws'"
        }
    }
}
