@testable import Gateway
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A real listener on loopback for tests: an optional CIDR filter at accept,
/// an optional TLS handler from a `ReloadingTLSContext`, then an echo. It
/// records what the server side of each connection saw.
struct ListenerTestServer: Sendable {
    struct Events: Sendable {
        /// Connections that reached the child channel initializer.
        var initializedConnections = 0
        /// One entry per connection that delivered data: the verified client
        /// certificate's subject, or nil when the client presented none.
        var identifiedClients: [String?] = []
        var errors: [String] = []
    }

    final class Recorder: Sendable {
        private let state = Mutex(Events())
        var events: Events { state.withLock { $0 } }
        func update(_ body: (inout Events) -> Void) { state.withLock { body(&$0) } }
    }

    let channel: Channel
    let recorder: Recorder

    var port: Int { channel.localAddress!.port! }
    var events: Events { recorder.events }

    static func start(
        tls: ReloadingTLSContext?,
        allowList: CIDRAllowList? = nil,
        logger: Logger = Logger(label: "listener-test")
    ) async throws -> ListenerTestServer {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let allowList else { return }
                    try channel.pipeline.syncOperations.addHandler(
                        CIDRAcceptFilter(allowList: allowList, listenerName: "test", logger: logger)
                    )
                }
            }
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    recorder.update { $0.initializedConnections += 1 }
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(tls.makeServerHandler())
                    }
                    try channel.pipeline.syncOperations.addHandler(EchoRecordingHandler(recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return ListenerTestServer(channel: channel, recorder: recorder)
    }

    func stop() async throws {
        try await channel.close()
    }
}

/// Echoes what it reads; records the verified client certificate and any error.
private final class EchoRecordingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let recorder: ListenerTestServer.Recorder

    init(recorder: ListenerTestServer.Recorder) {
        self.recorder = recorder
    }

    /// The first decrypted bytes arrive after the handshake has completed,
    /// which is when the verified client certificate may be read.
    private var identified = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !identified {
            identified = true
            do {
                let certificate = try context.pipeline.syncOperations.portcullisVerifiedClientCertificate()
                let subject = certificate.map { "\($0.subject)" }
                recorder.update { $0.identifiedClients.append(subject) }
            } catch {
                recorder.update { $0.errors.append("\(error)") }
            }
        }
        context.writeAndFlush(data, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        recorder.update { $0.errors.append("\(error)") }
        context.close(promise: nil)
    }
}
