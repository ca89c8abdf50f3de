#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// An advisory lock (flock) on `DIR/keys/keyring.lock` held around every
/// read-modify-write of the keyring, so `authctl` and a running broker never
/// lose each other's changes. flock locks belong to an open file description,
/// so two services in one process exclude each other as well.
enum KeyringLock {
    static func withExclusiveLock<Result>(
        at path: String,
        _ body: () throws(KeyServiceError) -> Result
    ) throws(KeyServiceError) -> Result {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .serviceFailure(SecureFileError.system(operation: "open lock file", path: path, code: errno).description)
        }
        // Closing the descriptor releases the lock, also when `body` throws.
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw .serviceFailure(SecureFileError.system(operation: "lock", path: path, code: errno).description)
            }
        }
        return try body()
    }
}
