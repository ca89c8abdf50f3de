#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a partition directory (flock on its `.lock` file),
/// held while a `PartitionLog` has it open: a second opener — in this
/// process or another — would otherwise recover the files under a live log
/// and cut what it is still writing as a torn tail.
final class PartitionDirectoryLock: Sendable {
    private let descriptor: CInt

    private init(descriptor: CInt) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    static func acquire(_ directory: String) throws(LogError) -> PartitionDirectoryLock {
        let path = directory + "/.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            close(descriptor)
            if error == EWOULDBLOCK { throw .partitionInUse(path: directory) }
            throw .io(operation: "lock", path: path, errno: error)
        }
        return PartitionDirectoryLock(descriptor: descriptor)
    }
}
