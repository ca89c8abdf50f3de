#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// An exclusive advisory lock (flock on `writer.lock` in the audit
/// directory) held while a log is open for writing: two gateways given the
/// same data directory would interleave two chains in one file. flock locks
/// belong to an open file description, so two logs in one process exclude
/// each other too.
final class AuditWriterLock {
    private var descriptor: Int32?

    init(_ directory: AuditDirectory) throws(AuditLogError) {
        let path = directory.path + "/writer.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, SecureFile.privateFileMode)
        guard descriptor >= 0 else { throw .file(.system(operation: "open lock file", path: path, code: errno)) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(descriptor)
            throw code == EWOULDBLOCK ? .locked(path: path) : .file(.system(operation: "lock", path: path, code: code))
        }
        self.descriptor = descriptor
    }

    deinit {
        release()
    }

    func release() {
        guard let descriptor else { return }
        close(descriptor)
        self.descriptor = nil
    }
}
