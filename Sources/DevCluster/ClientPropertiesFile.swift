import Foundation

/// A librdkafka/Java client property file (`kcat -F FILE`), written owner-only
/// because the SCRAM one holds a password.
struct ClientPropertiesFile {
    let entries: [(String, String)]

    var text: String {
        entries.map { "\($0.0)=\($0.1)" }.joined(separator: "\n") + "\n"
    }

    /// Writes the file with mode 0600 from the start (into a 0700 directory),
    /// replacing any earlier version atomically.
    func write(to path: String) throws {
        let temporary = path + ".tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DevClusterError.cannotWrite(path, errno: errno) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw DevClusterError.cannotWrite(path, errno: errno)
        }
    }
}
