#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the certificate authority could not load, store or issue. Messages
/// name files and inputs, never key material.
public enum CertificateAuthorityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file the CA needs is not there.
    case missingFile(path: String)
    /// Refused to replace an existing CA or certificate without being told to.
    case alreadyExists(path: String)
    /// The private key file may be read or written by group or others.
    case insecurePermissions(path: String, mode: UInt32)
    /// The private key file belongs to another user.
    case notOwnedByUser(path: String, owner: UInt32)
    case notARegularFile(path: String)
    case malformedCertificate(path: String, reason: String)
    /// `reason` is one of a few fixed phrases: a parser's message could quote the key.
    case malformedPrivateKey(path: String, reason: String)
    case keyDoesNotMatchCertificate(path: String)
    /// The certificate may not sign others (no basicConstraints CA:TRUE, or no keyCertSign).
    case notACertificateAuthority(path: String)
    case invalidPrincipal(String, reason: String)
    case invalidSubject(String, reason: String)
    case invalidHost(String, reason: String)
    case invalidValidity(reason: String)
    case invalidFileName(String, reason: String)
    /// A system call failed; `code` is its errno.
    case fileSystem(operation: String, path: String, code: Int32)
    case signingFailed(reason: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path) does not exist"
        case .alreadyExists(let path):
            return "\(path) already exists; refusing to replace it"
        case .insecurePermissions(let path, let mode):
            return "private key \(path) has mode 0\(String(mode, radix: 8)); it must be accessible by its owner only (chmod 600)"
        case .notOwnedByUser(let path, let owner):
            return "private key \(path) is owned by uid \(owner), not by this user"
        case .notARegularFile(let path):
            return "\(path) is not a regular file"
        case .malformedCertificate(let path, let reason):
            return "\(path) is not a usable PEM certificate: \(reason)"
        case .malformedPrivateKey(let path, let reason):
            return "\(path) is not a usable private key: \(reason)"
        case .keyDoesNotMatchCertificate(let path):
            return "private key \(path) does not belong to the CA certificate next to it"
        case .notACertificateAuthority(let path):
            return "\(path) is not a CA certificate (it needs basicConstraints CA:TRUE and keyUsage keyCertSign)"
        case .invalidPrincipal(let principal, let reason):
            return "invalid principal \(String(reflecting: principal)): \(reason)"
        case .invalidSubject(let subject, let reason):
            return "invalid subject \(String(reflecting: subject)): \(reason)"
        case .invalidHost(let host, let reason):
            return "invalid host \(String(reflecting: host)): \(reason)"
        case .invalidValidity(let reason):
            return "invalid validity: \(reason)"
        case .invalidFileName(let name, let reason):
            return "invalid file name \(String(reflecting: name)): \(reason)"
        case .fileSystem(let operation, let path, let code):
            return "cannot \(operation) \(path): \(String(cString: strerror(code)))"
        case .signingFailed(let reason):
            return "could not make the certificate: \(reason)"
        }
    }
}
