#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// Reads a certificate, key or CA file whole through `SecureFile`, which
/// refuses what could not be one: FIFOs and devices (which would block or
/// never end) and anything larger than `maximumSize`.
enum TLSFileReader {
    /// Far above any certificate chain or CA bundle in use (the Mozilla CA
    /// bundle is about 220 KiB).
    static let maximumSize = 1 << 20

    /// The caller zeroes the bytes of a private key when done.
    static func contents(of path: String) throws(ListenerTLSError) -> [UInt8] {
        do throws(SecureFileError) {
            return try SecureFile.read(path, limit: maximumSize)
        } catch {
            switch error {
            case .missing(let path): throw .unreadableFile(path: path, errno: ENOENT)
            case .notARegularFile(let path): throw .notARegularFile(path: path)
            case .tooLarge(let path, let limit): throw .fileTooLarge(path: path, limit: limit)
            case .system(_, let path, let code): throw .unreadableFile(path: path, errno: code)
            // Only owner-only reads check ownership and mode; these files may be shared.
            case .notOwnedByUser(let path, _), .insecurePermissions(let path, _): throw .unreadableFile(path: path, errno: EACCES)
            }
        }
    }
}
