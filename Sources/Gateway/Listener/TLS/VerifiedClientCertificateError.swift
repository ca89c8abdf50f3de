/// Why a connection's verified client certificate cannot be had. Either way
/// the connection has no usable identity and must be refused.
public enum VerifiedClientCertificateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The channel has no TLS handler: a plaintext listener.
    case noTLSHandler
    /// BoringSSL accepted the certificate but swift-certificates cannot parse it.
    case unparseableCertificate

    public var description: String {
        switch self {
        case .noTLSHandler: "the connection has no TLS handler"
        case .unparseableCertificate: "the client certificate verified but cannot be parsed"
        }
    }
}
