/// Why a listener's TLS files could not become a server context. Paths are
/// named; file contents never are, so a key cannot leak through a log line.
public enum ListenerTLSError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, errno: Int32)
    case notARegularFile(path: String)
    case fileTooLarge(path: String, limit: Int)
    /// The file holds no PEM certificate.
    case noCertificate(path: String)
    case malformedCertificate(path: String)
    case malformedPrivateKey(path: String)
    case privateKeyDoesNotMatchCertificate(privateKeyPath: String, certificatePath: String)
    /// Client certificates are asked for, but no CA file says whom to trust.
    case clientCAMissing(ListenerTLSSettings.ClientAuthentication)
    /// The TLS library refused the configuration.
    case contextRejected(reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let errno):
            "cannot read \(path): errno \(errno)"
        case .notARegularFile(let path):
            "\(path) is not a regular file"
        case .fileTooLarge(let path, let limit):
            "\(path) is larger than \(limit) bytes"
        case .noCertificate(let path):
            "\(path) holds no PEM certificate"
        case .malformedCertificate(let path):
            "\(path) holds a certificate that cannot be parsed"
        case .malformedPrivateKey(let path):
            "\(path) is not an unencrypted PEM private key (PKCS#8, SEC1 or PKCS#1)"
        case .privateKeyDoesNotMatchCertificate(let privateKeyPath, let certificatePath):
            "the private key in \(privateKeyPath) does not match the certificate in \(certificatePath)"
        case .clientCAMissing(let mode):
            "client authentication '\(mode.rawValue)' needs a client CA file"
        case .contextRejected(let reason):
            "the TLS library refused the configuration: \(reason)"
        }
    }
}
