import Foundation

/// Why a connection's verified client certificate cannot be had. Either way
/// the connection has no usable identity and must be refused.
public enum VerifiedClientCertificateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The channel has no TLS handler: a plaintext listener.
    case noTLSHandler
    /// BoringSSL accepted the certificate but swift-certificates cannot parse it.
    case unparseableCertificate
    /// A resumed session's certificate that has expired (or is not yet valid) since its full handshake.
    case outsideValidityPeriod(notValidBefore: Date, notValidAfter: Date)

    public var description: String {
        switch self {
        case .noTLSHandler: "the connection has no TLS handler"
        case .unparseableCertificate: "the client certificate verified but cannot be parsed"
        case .outsideValidityPeriod(let notValidBefore, let notValidAfter):
            "the client certificate of the resumed session is valid only from \(notValidBefore) to \(notValidAfter)"
        }
    }
}
