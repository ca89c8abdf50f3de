import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import X509

/// A TLS server on 127.0.0.1 and clients connecting to it over real sockets,
/// each side reporting how its handshake ended.
final class TLSLoopback {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var server: Channel?
    /// One outcome per accepted connection, in order.
    private let serverOutcomes = NIOLockedValueBox<[EventLoopFuture<String?>]>([])
    /// Left open until `shutdown`, so the server finishes its side of the handshake.
    private var clients: [Channel] = []

    /// How a handshake ended: the peer certificate's subject (nil if none), or the error.
    typealias Outcome = Result<String?, any Error>

    var port: Int { server?.localAddress?.port ?? 0 }

    func start(_ configuration: TLSConfiguration) throws {
        let context = try NIOSSLContext(configuration: configuration)
        let outcomes = serverOutcomes
        server = try ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let promise = channel.eventLoop.makePromise(of: String?.self)
                    outcomes.withLockedValue { $0.append(promise.futureResult) }
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.addHandler(HandshakeRecorder(promise: promise))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .wait()
    }

    /// The outcome of the `index`th connection's handshake on the server side.
    func serverOutcome(_ index: Int = 0) async -> Outcome {
        for _ in 0..<500 {
            if let future = serverOutcomes.withLockedValue({ index < $0.count ? $0[index] : nil }) {
                return await outcome(of: future)
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return .failure(TLSLoopbackError.noConnection)
    }

    /// Connects with `configuration`, checking the server's certificate for `serverHostname`
    /// (or for 127.0.0.1 when nil), and returns the client's outcome.
    func connect(_ configuration: TLSConfiguration, serverHostname: String?) async throws -> Outcome {
        let context = try NIOSSLContext(configuration: configuration)
        let promise = group.next().makePromise(of: String?.self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverHostname))
                    try channel.pipeline.syncOperations.addHandler(HandshakeRecorder(promise: promise))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        clients.append(channel)
        return await outcome(of: promise.futureResult)
    }

    func shutdown() async throws {
        for client in clients { try? await client.close() }
        try await server?.close()
        try await group.shutdownGracefully()
    }

    private func outcome(of future: EventLoopFuture<String?>) async -> Outcome {
        do {
            return .success(try await future.get())
        } catch {
            return .failure(error)
        }
    }
}

enum TLSLoopbackError: Error {
    case noConnection
    case closedBeforeHandshake
}

/// Completes its promise when the TLS handshake completes (with the peer
/// certificate's subject) or fails; on success the server keeps the
/// connection open until the client closes it.
private final class HandshakeRecorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<String?>
    private var completed = false

    init(promise: EventLoopPromise<String?>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
            let subject = handler?.peerCertificate.flatMap { try? Certificate(derEncoded: $0.toDERBytes()) }.map { "\($0.subject)" }
            complete(.success(subject))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(.failure(TLSLoopbackError.closedBeforeHandshake))
        context.fireChannelInactive()
    }

    private func complete(_ result: Result<String?, any Error>) {
        guard !completed else { return }
        completed = true
        promise.completeWith(result)
    }
}
