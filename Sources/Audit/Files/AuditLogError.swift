import KeyManagement
import SecretHandling

/// Why the decision log cannot be opened, read or verified. Names files and
/// keys, never key material.
public enum AuditLogError: Error, Equatable, Sendable, CustomStringConvertible {
    case file(SecureFileError)
    case keyService(KeyServiceError)
    /// Another log holds the directory's writer lock.
    case locked(path: String)
    /// A file of the log is not what the writer writes.
    case invalidFile(path: String, reason: String)
    /// The log on disk contradicts itself in a way that appending to it
    /// would hide (cut short before its last checkpoint, its key gone): it is
    /// left as it is for `authctl audit verify` and a person to look at.
    case refusedToContinue(String)

    public var description: String {
        switch self {
        case .file(let error): "\(error)"
        case .keyService(let error): "the audit checkpoint key is unavailable: \(Self.describe(error))"
        case .locked(let path): "another process is writing the audit log (\(path) is locked)"
        case .invalidFile(let path, let reason): "\(path): \(reason)"
        case .refusedToContinue(let reason): "the audit log cannot be continued: \(reason)"
        }
    }

    private static func describe(_ error: KeyServiceError) -> String {
        switch error {
        case .keyNotFound(let key): "no key \(key) (create it with `authctl keys create --alias NAME`, or set audit.key.id)"
        case .keyDisabled(let key): "key \(key) is disabled"
        case .invalidCiphertext: "the wrapped key does not unwrap (altered, or wrapped by another KMS)"
        case .aliasInUse(let alias): "alias \(alias) is in use"
        case .rootKeyUnavailable(let reason): reason
        case .unavailable(let reason), .serviceFailure(let reason): reason
        }
    }
}
