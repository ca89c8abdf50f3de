#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call on a key file that failed: names the file, never its content.
struct SecureFileError: Error, CustomStringConvertible {
    var operation: String
    var path: String
    var code: Int32

    var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}

/// POSIX file operations for key files: exact modes, fsync and atomic
/// replacement, which Foundation's file APIs do not promise.
enum SecureFile {
    static func openForReading(_ path: String) throws(SecureFileError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SecureFileError(operation: "open", path: path, code: errno) }
        return descriptor
    }

    static func status(of descriptor: Int32, path: String) throws(SecureFileError) -> stat {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw SecureFileError(operation: "stat", path: path, code: errno) }
        return info
    }

    /// The status of `path`, or nil when nothing is there.
    static func status(atPath path: String) throws(SecureFileError) -> stat? {
        var info = stat()
        if stat(path, &info) == 0 { return info }
        if errno == ENOENT { return nil }
        throw SecureFileError(operation: "stat", path: path, code: errno)
    }

    /// Reads to the end of the file, refusing files over `limit` bytes.
    static func readAll(_ descriptor: Int32, path: String, limit: Int) throws(SecureFileError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        defer { chunk.withUnsafeMutableBytes { zero($0) } }
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw SecureFileError(operation: "read", path: path, code: errno)
            }
            guard bytes.count + count <= limit else { throw SecureFileError(operation: "read", path: path, code: EFBIG) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Replaces `path` so that readers see the old or the new file, never a
    /// mix, and the new one survives a crash: write a temporary file, fsync,
    /// rename over, fsync the directory.
    static func replace(_ path: String, with bytes: [UInt8], modificationTime: timespec) throws(SecureFileError) {
        let temporary = path + ".tmp-" + RandomIdentifier.hex(byteCount: 8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SecureFileError(operation: "create", path: temporary, code: errno) }
        do throws(SecureFileError) {
            defer { close(descriptor) }
            try writeAll(descriptor, bytes, path: temporary)
            // The times are set, not left to the clock, so that every write
            // changes it even within one timer tick: readers detect changes by it.
            let times = [modificationTime, modificationTime]
            guard futimens(descriptor, times) == 0 else { throw SecureFileError(operation: "set times of", path: temporary, code: errno) }
            guard fsync(descriptor) == 0 else { throw SecureFileError(operation: "fsync", path: temporary, code: errno) }
            guard rename(temporary, path) == 0 else { throw SecureFileError(operation: "rename over", path: path, code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        try syncDirectory(containing: path)
    }

    /// Creates `path` with `bytes` (mode 0600) only if nothing is there yet;
    /// returns false when another process got there first.
    static func createIfAbsent(_ path: String, with bytes: [UInt8]) throws(SecureFileError) -> Bool {
        let temporary = path + ".tmp-" + RandomIdentifier.hex(byteCount: 8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SecureFileError(operation: "create", path: temporary, code: errno) }
        defer { unlink(temporary) }
        do {
            defer { close(descriptor) }
            try writeAll(descriptor, bytes, path: temporary)
            guard fsync(descriptor) == 0 else { throw SecureFileError(operation: "fsync", path: temporary, code: errno) }
        }
        // link(2) fails if the name exists, so a file appears complete or not at all.
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw SecureFileError(operation: "create", path: path, code: errno)
        }
        try syncDirectory(containing: path)
        return true
    }

    /// Creates `path` and its missing parents with mode 0700.
    static func makeDirectories(_ path: String) throws(SecureFileError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw SecureFileError(operation: "create directory", path: prefix, code: errno)
            }
        }
    }

    static func syncDirectory(containing path: String) throws(SecureFileError) {
        let directory = parentDirectory(of: path)
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SecureFileError(operation: "open", path: directory, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SecureFileError(operation: "fsync", path: directory, code: errno) }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Overwrites secret bytes in a way the optimiser may not elide.
    static func zero(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        #if canImport(Glibc)
        explicit_bzero(base, bytes.count)
        #else
        _ = memset_s(base, bytes.count, 0, bytes.count)
        #endif
    }

    static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { zero($0) }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(SecureFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SecureFileError(operation: "write", path: path, code: errno)
            }
            offset += written
        }
    }
}
