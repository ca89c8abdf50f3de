#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a `SecureFile` or `FileIdentity` operation failed. Names the file and
/// the problem, never anything read from it.
public enum SecureFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing is at `path`.
    case missing(path: String)
    /// A directory, FIFO, device or socket where a regular file was expected.
    case notARegularFile(path: String)
    /// An owner-only file or directory belongs to another user.
    case notOwnedByUser(path: String, owner: UInt32)
    /// Group or others have access to an owner-only file or directory; `mode` holds its permission bits.
    case insecurePermissions(path: String, mode: UInt32)
    /// The file is larger than the reader accepts; nothing of it is returned.
    case tooLarge(path: String, limit: Int)
    /// A system call failed; `code` is its errno.
    case system(operation: String, path: String, code: Int32)

    /// The file or directory concerned.
    public var path: String {
        switch self {
        case .missing(let path), .notARegularFile(let path), .notOwnedByUser(let path, _),
            .insecurePermissions(let path, _), .tooLarge(let path, _), .system(_, let path, _):
            path
        }
    }

    public var description: String {
        switch self {
        case .missing(let path):
            "\(path) does not exist"
        case .notARegularFile(let path):
            "\(path) is not a regular file"
        case .notOwnedByUser(let path, let owner):
            "\(path) is owned by uid \(owner), not by this user (uid \(geteuid()))"
        case .insecurePermissions(let path, let mode):
            // The advice keeps the owner's bits and removes everyone else's: 600 for a 644 file, 700 for a 750 directory.
            "\(path) has mode 0\(String(mode, radix: 8)); it must be accessible by its owner only (chmod \(String(mode & 0o700, radix: 8)))"
        case .tooLarge(let path, let limit):
            "\(path) is larger than \(limit) bytes"
        case .system(let operation, let path, let code):
            "cannot \(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}
