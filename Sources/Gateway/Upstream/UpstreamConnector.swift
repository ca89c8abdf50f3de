import Authorization
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Opens connections to upstream brokers. Every connection, whether it
/// carries one client's requests or the gateway's own probes, is made here,
/// so the upstream's security (TLS, mutual TLS, SASL/SCRAM) applies to all
/// of them, and a connection is handed over only once it is authenticated.
struct UpstreamConnector: Sendable {
    var connectTimeout: TimeAmount = .seconds(5)
    private let tls: (context: NIOSSLContext, verifyHostname: Bool)?
    private let sasl: UpstreamSaslCredentials?
    private let addresses = UpstreamAddressCache()

    /// Reads the TLS files and the SASL password file (blocking: call at start).
    init(security: UpstreamSecurity) throws {
        if let settings = security.tls {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            configuration.trustRoots = .file(settings.caPath)
            configuration.certificateVerification = settings.verifyHostname ? .fullVerification : .noHostnameVerification
            if let certificatePath = settings.certificatePath, let keyPath = settings.privateKeyPath {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyPath, format: .pem))
            }
            self.tls = (try NIOSSLContext(configuration: configuration), settings.verifyHostname)
        } else {
            self.tls = nil
        }
        self.sasl = try security.sasl.map(UpstreamSaslCredentials.init(settings:))
    }

    /// Connects on `eventLoop`, secures and authenticates the connection,
    /// then lets `configure` add the handlers that read the upstream's frames.
    func connect(
        to endpoint: UpstreamEndpoint,
        on eventLoop: any EventLoop,
        configure: @escaping @Sendable (any Channel) throws -> Void
    ) -> EventLoopFuture<UpstreamConnection> {
        let authenticated = eventLoop.makePromise(of: TimeAmount?.self)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            // Fetch responses run to megabytes: reads of up to 1 MiB (NIO's default stops at 64 KiB)
            // mean fewer reads, writes and TLS flushes towards the client per response. They start
            // small because NIO keeps a channel's read buffer: 64 KiB stayed resident per idle client.
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 2048, maximum: 1 << 20))
            .channelInitializer { [tls, sasl] channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        // Host names are checked against the certificate; IP addresses by its IP SANs.
                        let hostname = tls.verifyHostname && !endpoint.isIPAddress ? endpoint.host : nil
                        try pipeline.addHandler(try NIOSSLClientHandler(context: tls.context, serverHostname: hostname))
                    }
                    if let sasl {
                        try pipeline.addHandler(UpstreamSaslHandler(credentials: sasl, authenticated: authenticated))
                    } else {
                        authenticated.succeed(nil)
                    }
                    try configure(channel)
                }
            }
        let connected: EventLoopFuture<any Channel>
        if let address = addresses.address(of: endpoint) {
            connected = bootstrap.connect(to: address)
        } else {
            connected = bootstrap.connect(host: endpoint.host, port: endpoint.port)
        }
        connected.whenComplete { [addresses] result in
            switch result {
            case .success(let channel):
                if let address = channel.remoteAddress { addresses.connected(endpoint, at: address) }
            case .failure(let error):
                addresses.failed(endpoint)
                authenticated.fail(error)
            }
        }
        return connected.flatMap { channel in
            authenticated.futureResult.map { UpstreamConnection(channel: channel, sessionLifetime: $0) }.flatMapErrorThrowing { error in
                channel.close(promise: nil)
                throw error
            }
        }
    }

    /// Authenticates a connection made here again (KIP-368), before its
    /// session ends; there must be nothing in flight on it. Call on its event
    /// loop. The future gets the new session's lifetime, if limited.
    func reauthenticate(_ channel: any Channel) -> EventLoopFuture<TimeAmount?> {
        guard let sasl else { return channel.eventLoop.makeSucceededFuture(nil) }
        let authenticated = channel.eventLoop.makePromise(of: TimeAmount?.self)
        do {
            // After TLS, before the handlers that read the responses to forwarded requests.
            let pipeline = channel.pipeline.syncOperations
            let handler = UpstreamSaslHandler(credentials: sasl, authenticated: authenticated)
            if let tls = try? pipeline.handler(type: NIOSSLClientHandler.self) {
                try pipeline.addHandler(handler, position: .after(tls))
            } else {
                try pipeline.addHandler(handler, position: .first)
            }
        } catch {
            authenticated.fail(error)
        }
        return authenticated.futureResult
    }
}

/// An authenticated upstream connection, and how long its SASL session
/// lasts when the upstream limits it (Kafka's connections.max.reauth.ms).
struct UpstreamConnection: Sendable {
    let channel: any Channel
    let sessionLifetime: TimeAmount?
}
