import Foundation
import SecretHandling

/// Replacing small metadata files (topics, groups, producer ids, segment
/// keys, producer snapshots) through `SecureFile`: owner-only, temporary file,
/// fsync, rename over, fsync of the directory, so that a crash leaves either
/// the old or the new content. Errors arrive as `POSIXError`, which the log
/// turns into `LogError.io`.
enum DurableFile {
    static func replace(_ file: URL, with data: Data) throws(POSIXError) {
        do throws(SecureFileError) {
            try SecureFile.replace(file.path, with: Array(data))
        } catch {
            throw POSIXError(error)
        }
    }

    /// Makes a directory's entries (new, renamed or removed files) durable.
    static func syncDirectory(_ directory: URL) throws(POSIXError) {
        do throws(SecureFileError) {
            try SecureFile.syncDirectory(directory.path)
        } catch {
            throw POSIXError(error)
        }
    }
}

/// A failed system call: what was being done, to which file, and its errno.
struct POSIXError: Error, CustomStringConvertible {
    var code: Int32
    var operation: String
    var path: String

    init(_ error: SecureFileError) {
        if case .system(let operation, let path, let code) = error {
            (self.operation, self.path, self.code) = (operation, path, code)
        } else {
            // Writes and directory syncs fail only in system calls; kept total all the same.
            (operation, path, code) = ("\(error)", error.path, EIO)
        }
    }

    var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}
