#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SecretHandling

/// The directory operations of the log, with errno kept for `LogError.io`.
enum LogDirectoryFiles {
    /// The names in a directory (without `.` and `..`), sorted; none when it does not exist.
    static func names(in path: String) throws(LogError) -> [String] {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return [] }
            throw .io(operation: "open directory", path: path, errno: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Creates the directory and its parents (mode 0700, whatever the umask) where missing.
    static func create(_ path: String) throws(LogError) {
        do throws(SecureFileError) {
            try SecureFile.makeDirectories(path)
        } catch {
            throw .io(operation: "create directory", path: path, errno: POSIXError(error).code)
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Removes a file; one that is already gone is fine.
    static func remove(_ path: String) throws(LogError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .io(operation: "remove", path: path, errno: errno) }
    }

    /// Makes the directory's entries (created, renamed, removed files) durable.
    static func synchronize(_ path: String) throws(LogError) {
        do {
            try DurableFile.syncDirectory(URL(fileURLWithPath: path))
        } catch {
            throw .io(operation: "fsync", path: path, errno: error.code)
        }
    }
}
