#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What tells one version of a file from the next without reading it, in
/// one `stat`: replacing a file by rename changes its inode (a symlink swap,
/// as in Kubernetes secret volumes, is followed to the new target), rewriting
/// it in place changes its size or modification time, and any write, rename
/// or chmod changes its status-change time, which — unlike the modification
/// time — `touch -d` or `cp -p` cannot set back. Needs a filesystem that keeps
/// nanosecond times (ext4, xfs, btrfs and tmpfs do).
public struct FileIdentity: Hashable, Sendable {
    public let device: UInt64
    public let inode: UInt64
    public let size: Int64
    public let modified: Timestamp
    public let changed: Timestamp

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        #if canImport(Darwin)
        modified = Timestamp(status.st_mtimespec)
        changed = Timestamp(status.st_ctimespec)
        #else
        modified = Timestamp(status.st_mtim)
        changed = Timestamp(status.st_ctim)
        #endif
    }

    /// The identity of the file now at `path` (symbolic links followed), or
    /// nil when nothing is there.
    public static func current(at path: String) throws(SecureFileError) -> FileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw .system(operation: "stat", path: path, code: code)
        }
        return FileIdentity(status)
    }
}
