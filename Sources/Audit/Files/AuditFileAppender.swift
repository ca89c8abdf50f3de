#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// The decision file being written. Writes go at the end of what is known to
/// be good; a write that fails (or whose fsync fails) is cut off again, so a
/// retry never leaves half a batch in the middle of the file.
final class AuditFileAppender {
    let file: AuditLogFile
    /// Bytes written completely.
    private(set) var size: Int
    private let descriptor: Int32
    /// Whether bytes past `size` may be on disk from a failed write.
    private var mayHaveTail = false

    /// Opens `file` for writing after its first `size` bytes (all of it when
    /// nil), cutting off anything after them (a torn last line); creates it when missing.
    static func open(_ file: AuditLogFile, keeping size: Int?) throws(SecureFileError) -> AuditFileAppender {
        let existed = SecureFile.exists(file.path)
        let descriptor = openForWriting(file.path)
        guard descriptor >= 0 else { throw .system(operation: "open", path: file.path, code: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw .system(operation: "stat", path: file.path, code: code)
        }
        // From here on the appender owns the descriptor and closes it, also when this throws.
        let appender = AuditFileAppender(file: file, descriptor: descriptor, size: size ?? Int(status.st_size))
        appender.mayHaveTail = Int(status.st_size) > appender.size
        try appender.cutTail()
        if !existed { try SecureFile.syncDirectory(file.directory) }
        return appender
    }

    private init(file: AuditLogFile, descriptor: Int32, size: Int) {
        self.file = file
        self.descriptor = descriptor
        self.size = size
    }

    deinit {
        close(descriptor)
    }

    /// Writes `bytes` after the good part, then fsyncs when `sync`.
    func append(_ bytes: [UInt8], sync: Bool) throws(SecureFileError) {
        try cutTail()
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, $0.count - written, off_t(size + written)) }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                mayHaveTail = true
                throw .system(operation: "write", path: file.path, code: code)
            }
            written += result
        }
        // After a failed fsync the kernel may have dropped the pages: the bytes are written again.
        if sync, fsync(descriptor) != 0 {
            mayHaveTail = true
            throw .system(operation: "fsync", path: file.path, code: errno)
        }
        size += bytes.count
    }

    func sync() throws(SecureFileError) {
        guard fsync(descriptor) == 0 else { throw .system(operation: "fsync", path: file.path, code: errno) }
    }

    private func cutTail() throws(SecureFileError) {
        guard mayHaveTail else { return }
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw .system(operation: "truncate", path: file.path, code: errno) }
        guard fsync(descriptor) == 0 else { throw .system(operation: "fsync", path: file.path, code: errno) }
        mayHaveTail = false
    }
}

/// open(2), which `AuditFileAppender.open` hides.
private func openForWriting(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_CLOEXEC, SecureFile.privateFileMode)
}
