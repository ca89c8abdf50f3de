import NIOCore
import NIOPosix
import NIOSSL

/// A client connection to a `ListenerTestServer`, optionally TLS and
/// optionally from a chosen loopback address, that checks the echo.
struct TestClient {
    struct ClosedBeforeEcho: Error, CustomStringConvertible {
        let received: String
        var description: String { "the connection closed after \(received.utf8.count) echoed bytes" }
    }

    struct UnexpectedReply: Error, CustomStringConvertible {
        let received: String
        var description: String { "the server sent \(received.utf8.count) bytes that are not the echo" }
    }

    /// What a client saw of a connection that worked.
    struct Session {
        let serverCertificate: NIOSSLCertificate?
        let tlsVersion: TLSVersion?
    }

    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(port: Int, tls: TLSConfiguration?, from source: String? = nil) async throws -> TestClient {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        let context = try tls.map { try NIOSSLContext(configuration: $0) }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                if let context {
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: context, serverHostname: "localhost")
                    )
                }
                // A server that neither answers nor closes must fail the test, not hang it.
                try channel.pipeline.syncOperations.addHandlers(
                    IdleStateHandler(readTimeout: .seconds(15)),
                    CloseOnIdleHandler()
                )
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        return TestClient(channel: channel)
    }

    /// Connects, checks one echo and closes: throws when the server refused.
    static func exchange(
        port: Int,
        tls: TLSConfiguration?,
        from source: String? = nil,
        message: String = "ping"
    ) async throws -> Session {
        try await connect(port: port, tls: tls, from: source).use { echo in
            try await echo(message)
        }
    }

    /// Runs `body` with an echo function that sends a text, waits for it to
    /// come back and returns what the client sees of the session; then closes.
    func use<Result>(_ body: (_ echo: (String) async throws -> Session) async throws -> Result) async throws -> Result {
        let underlying = channel.channel
        return try await channel.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            return try await body { text in
                try await outbound.write(ByteBuffer(string: text))
                var received = ""
                while received.utf8.count < text.utf8.count {
                    guard let buffer = try await iterator.next() else { throw ClosedBeforeEcho(received: received) }
                    received += String(buffer: buffer)
                }
                guard received == text else { throw UnexpectedReply(received: received) }
                let tlsVersion = try? await underlying.nioSSL_tlsVersion().get()
                let certificate = try? await underlying.nioSSL_peerCertificate().get()
                return Session(serverCertificate: certificate ?? nil, tlsVersion: tlsVersion ?? nil)
            }
        }
    }
}

private final class CloseOnIdleHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }
}
