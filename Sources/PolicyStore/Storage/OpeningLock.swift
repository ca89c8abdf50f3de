#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes opening the store across processes and threads. Creating the database, switching
/// it to WAL and migrating it each write in ways SQLite answers with SQLITE_BUSY, without waiting,
/// when two openers race on a fresh file. Held only while opening; ordinary writes wait on
/// SQLite's own lock with a busy timeout.
enum OpeningLock {
    static func withLock<Result>(
        in directory: String, _ body: () throws(PolicyStoreError) -> Result
    ) throws(PolicyStoreError) -> Result {
        let path = directory + "/open.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .storageUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        // Closing the descriptor releases the lock, also when `body` throws.
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw .storageUnavailable(path: path, reason: String(cString: strerror(errno)))
            }
        }
        return try body()
    }
}
