import KafkaProtocol
import Logging
import NIOCore
import NIOPosix

/// The embedded broker's listeners: accept connections, each served by a
/// `BrokerConnectionHandler` on its event loop, until the server is cancelled,
/// which closes them.
struct BrokerServer: Sendable {
    typealias Listener = NIOAsyncChannel<any Channel, Never>

    private let dispatcher: RequestDispatcher
    private let maximumFrame: Int
    private let logger: Logger

    init(dispatcher: RequestDispatcher, maximumFrame: Int, logger: Logger) {
        self.dispatcher = dispatcher
        self.maximumFrame = maximumFrame
        self.logger = logger
    }

    /// Binds one listener; the advertised address carries the real port when 0 was asked for.
    func bind(_ listener: BrokerListener) async throws -> (Listener, BoundListener) {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: listener.bind.host, port: listener.bind.port) { [dispatcher, maximumFrame, logger] child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: maximumFrame)),
                        BrokerConnectionHandler(dispatcher: dispatcher, listener: listener, logger: logger)
                    )
                    return child
                }
            }
        guard let port = channel.channel.localAddress?.port else { throw BrokerStartupError.notBound(listener.name) }
        let bound = SocketAddressSpec(host: listener.bind.host, port: port)
        return (channel, BoundListener(name: listener.name, bound: bound, advertised: listener.advertised ?? bound))
    }

    /// Serves connections on every bound listener until cancelled.
    func serve(_ listeners: [(Listener, BoundListener)]) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for (listener, _) in listeners {
                group.addTask { try await serve(listener) }
            }
        }
    }

    /// Each connection's task only waits for it to close, and closes it when the server stops.
    private func serve(_ listener: Listener) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask {
                        await withTaskCancellationHandler {
                            try? await connection.closeFuture.get()
                        } onCancel: {
                            connection.close(promise: nil)
                        }
                    }
                }
            }
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
