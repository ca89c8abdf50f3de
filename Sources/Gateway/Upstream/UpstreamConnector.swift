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
    ) -> EventLoopFuture<any Channel> {
        let authenticated = eventLoop.makePromise(of: Void.self)
        let connected = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            // Fetch responses run to megabytes: reads of up to 1 MiB (NIO's default stops at 64 KiB)
            // mean fewer reads, writes and TLS flushes towards the client per response.
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 64 * 1024, maximum: 1 << 20))
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
                        authenticated.succeed()
                    }
                    try configure(channel)
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
        connected.whenFailure { authenticated.fail($0) }
        return connected.flatMap { channel in
            authenticated.futureResult.map { channel }.flatMapErrorThrowing { error in
                channel.close(promise: nil)
                throw error
            }
        }
    }
}
