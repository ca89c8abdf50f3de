/// Where a TLS listener finds its certificate, key and client CA, and whether
/// clients must present a certificate. The files are read when a context is
/// made and again whenever they change (see `ReloadingTLSContext`).
public struct ListenerTLSSettings: Sendable, Hashable {
    /// Whether a client must, may or cannot present a certificate.
    public enum ClientAuthentication: String, Sendable, Hashable {
        /// Mutual TLS: a client without a certificate the client CA vouches
        /// for fails the handshake (Kafka's `ssl.client.auth=required`).
        case required
        /// A client may present a certificate; one it presents must verify
        /// against the client CA, or the handshake fails
        /// (Kafka's `ssl.client.auth=requested`).
        case optional
        /// No certificate is asked for, so none is ever seen.
        case none
    }

    /// PEM: the server certificate first, then any intermediates.
    public var certificateChainPath: String
    /// PEM, unencrypted: PKCS#8, SEC1 (EC) or PKCS#1 (RSA).
    public var privateKeyPath: String
    /// PEM bundle of the CAs that issue client certificates. Required unless
    /// `clientAuthentication` is `.none`, where it is not read.
    public var clientCAPath: String?
    public var clientAuthentication: ClientAuthentication

    public init(
        certificateChainPath: String,
        privateKeyPath: String,
        clientCAPath: String? = nil,
        clientAuthentication: ClientAuthentication
    ) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
        self.clientAuthentication = clientAuthentication
    }

    /// The files a context is made from, in the order they are read.
    var filePaths: [String] {
        var paths = [certificateChainPath, privateKeyPath]
        if clientAuthentication != .none, let clientCAPath { paths.append(clientCAPath) }
        return paths
    }
}
