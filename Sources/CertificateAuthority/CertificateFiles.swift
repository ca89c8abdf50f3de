#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// The CA's certificate and key files, kept through `SecureFile` (exact
/// modes, atomic and fsynced writes, bounded reads that check ownership),
/// with failures as `CertificateAuthorityError`.
enum CertificateFiles {
    /// Private keys: owner read/write only.
    static let privateKeyMode = SecureFile.privateFileMode
    /// Certificates are public.
    static let certificateMode: mode_t = 0o644
    /// Certificates and keys are small; anything larger is not one.
    static let sizeLimit = 1 << 20

    /// A whole certificate or key file; when `isPrivate`, only one of this
    /// user's that nobody else may access (as OpenSSH demands of its keys).
    static func contents(of path: String, isPrivate: Bool) throws(CertificateAuthorityError) -> [UInt8] {
        try translatingErrors { () throws(SecureFileError) in try SecureFile.read(path, limit: sizeLimit, ownerOnly: isPrivate) }
    }

    /// Writes `bytes` with exactly `mode`, atomically: over an existing file
    /// when `replace`, otherwise refusing a name that is taken.
    static func store(_ bytes: [UInt8], at path: String, mode: mode_t, replace: Bool) throws(CertificateAuthorityError) {
        if replace {
            try translatingErrors { () throws(SecureFileError) in try SecureFile.replace(path, with: bytes, mode: mode) }
        } else if try !translatingErrors({ () throws(SecureFileError) in try SecureFile.createIfAbsent(path, with: bytes, mode: mode) }) {
            throw .alreadyExists(path: path)
        }
    }

    /// Creates `path` and its missing parents with mode 0700: they will hold private keys.
    static func makeDirectories(_ path: String) throws(CertificateAuthorityError) {
        try translatingErrors { () throws(SecureFileError) in try SecureFile.makeDirectories(path) }
    }

    private static func translatingErrors<Result>(_ body: () throws(SecureFileError) -> Result) throws(CertificateAuthorityError) -> Result {
        do throws(SecureFileError) {
            return try body()
        } catch {
            throw CertificateAuthorityError(error)
        }
    }
}

extension CertificateAuthorityError {
    init(_ error: SecureFileError) {
        switch error {
        case .missing(let path): self = .missingFile(path: path)
        case .notARegularFile(let path): self = .notARegularFile(path: path)
        case .notOwnedByUser(let path, let owner): self = .notOwnedByUser(path: path, owner: owner)
        case .insecurePermissions(let path, let mode): self = .insecurePermissions(path: path, mode: mode)
        case .tooLarge(let path, _): self = .fileSystem(operation: "read", path: path, code: EFBIG)
        case .system(let operation, let path, let code): self = .fileSystem(operation: operation, path: path, code: code)
        }
    }
}
