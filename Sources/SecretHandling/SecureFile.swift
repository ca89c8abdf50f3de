#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// POSIX file operations for secrets and the files next to them (keys,
/// keyrings, certificates, credentials stores, client property files,
/// broker metadata): exact modes whatever the umask, fsync and atomic
/// replacement, reads that are bounded and check ownership on the open
/// descriptor — what Foundation's file APIs do not promise.
///
/// Reading: `read(_:limit:ownerOnly:)`. Writing: `replace(_:with:mode:modificationTime:)`,
/// `createIfAbsent(_:with:mode:)`. Directories: `makeDirectories(_:mode:)`,
/// `syncDirectory(_:)`. Checks: `exists(_:)`, `requireOwnerOnly(_:)`.
public enum SecureFile {
    /// Secrets: owner read/write only.
    public static let privateFileMode: mode_t = 0o600
    /// Directories that hold secrets: owner only.
    public static let privateDirectoryMode: mode_t = 0o700

    /// Whether anything is at `path`, a dangling symbolic link included.
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Refuses a file or directory (symbolic links followed) that is not this
    /// user's, or that group or others may access.
    public static func requireOwnerOnly(_ path: String) throws(SecureFileError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            throw code == ENOENT ? .missing(path: path) : .system(operation: "stat", path: path, code: code)
        }
        try requireOwnerOnly(status, path: path)
    }

    static func requireOwnerOnly(_ status: stat, path: String) throws(SecureFileError) {
        guard status.st_uid == geteuid() else { throw .notOwnedByUser(path: path, owner: UInt32(status.st_uid)) }
        let permissions = UInt32(status.st_mode & 0o7777)
        guard permissions & 0o077 == 0 else { throw .insecurePermissions(path: path, mode: permissions) }
    }
}
