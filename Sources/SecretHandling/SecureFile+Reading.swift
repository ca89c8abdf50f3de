#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SecureFile {
    /// The whole of a regular file of at most `limit` bytes; when `ownerOnly`,
    /// only if it belongs to this user and group and others have no access.
    /// The caller zeroes the bytes when they are a secret.
    public static func read(_ path: String, limit: Int, ownerOnly: Bool = false) throws(SecureFileError) -> [UInt8] {
        try readWithIdentity(path, limit: limit, ownerOnly: ownerOnly).bytes
    }

    /// `read(_:limit:ownerOnly:)`, with the identity of the file actually read:
    /// a rename over `path` meanwhile cannot make the two disagree.
    public static func readWithIdentity(
        _ path: String, limit: Int, ownerOnly: Bool = false
    ) throws(SecureFileError) -> (bytes: [UInt8], identity: FileIdentity) {
        // O_NONBLOCK: opening a FIFO returns at once (fstat then refuses it)
        // rather than waiting for a writer; O_NOCTTY: a terminal never becomes ours.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT ? .missing(path: path) : .system(operation: "open", path: path, code: code)
        }
        defer { close(descriptor) }
        // Checked on the open descriptor, so the file cannot be swapped between check and read.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system(operation: "stat", path: path, code: errno) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path: path) }
        if ownerOnly { try requireOwnerOnly(status, path: path) }
        let expectedCount = Int(status.st_size)
        guard expectedCount <= limit else { throw .tooLarge(path: path, limit: limit) }
        let bytes = try readToEnd(descriptor, path: path, expectedCount: expectedCount, limit: limit)
        return (bytes, FileIdentity(status))
    }

    /// Reads to the end rather than to `expectedCount` (the file may grow, and
    /// /proc files say 0). The buffer is allocated once, one byte larger than
    /// expected so that the end is seen without growing; when it must grow, the
    /// old one is zeroed, so no copy of the contents is left in freed memory.
    private static func readToEnd(
        _ descriptor: Int32, path: String, expectedCount: Int, limit: Int
    ) throws(SecureFileError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: expectedCount + 1)
        var count = 0
        while true {
            if count == buffer.count {
                guard count <= limit else {
                    SecretBytes.zero(&buffer)
                    throw .tooLarge(path: path, limit: limit)
                }
                var larger = [UInt8](repeating: 0, count: min(max(buffer.count * 2, 4096), limit + 1))
                larger.withUnsafeMutableBytes { destination in
                    buffer.withUnsafeBytes { destination.copyMemory(from: $0) }
                }
                SecretBytes.zero(&buffer)
                buffer = larger
            }
            let result = buffer.withUnsafeMutableBytes { readSystemCall(descriptor, $0.baseAddress! + count, $0.count - count) }
            if result == 0 { break }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                SecretBytes.zero(&buffer)
                throw .system(operation: "read", path: path, code: code)
            }
            count += result
        }
        // In place: a uniquely referenced array keeps its storage, so nothing is copied.
        buffer.removeSubrange(count...)
        return buffer
    }
}

/// read(2), which `SecureFile.read` hides inside the extension.
private func readSystemCall(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
