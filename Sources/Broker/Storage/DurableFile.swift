import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replacing small metadata files so that a crash leaves either the old or
/// the new content: write a temporary file, fsync it, rename it over the
/// old one, fsync the directory.
enum DurableFile {
    static func replace(_ file: URL, with data: Data) throws {
        let temporary = file.appendingPathExtension("tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(errno, "open \(temporary.path)") }
        defer { close(descriptor) }
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { throw POSIXError(errno, "write \(temporary.path)") }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw POSIXError(errno, "fsync \(temporary.path)") }
        guard rename(temporary.path, file.path) == 0 else { throw POSIXError(errno, "rename to \(file.path)") }
        try syncDirectory(file.deletingLastPathComponent())
    }

    /// Makes a directory's entries (new, renamed or removed files) durable.
    static func syncDirectory(_ directory: URL) throws {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(errno, "open \(directory.path)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw POSIXError(errno, "fsync \(directory.path)") }
    }
}

/// A failed system call, with what was being done.
struct POSIXError: Error, CustomStringConvertible {
    var code: Int32
    var operation: String

    init(_ code: Int32, _ operation: String) {
        self.code = code
        self.operation = operation
    }

    var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
