#if canImport(Glibc)
import Glibc
#endif

/// Small reads of /proc without Foundation.
enum ProcFile {
    /// The file's text, up to 64 KiB (the /proc files read here are a few hundred bytes).
    static func read(_ path: String) -> String? {
        #if os(Linux)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 65536)
        var length = 0
        while length < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + length, $0.count - length) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            length += count
        }
        return String(decoding: bytes[..<length], as: UTF8.self)
        #else
        return nil
        #endif
    }

    /// How many entries a directory holds, "." and ".." aside.
    static func entryCount(_ path: String) -> Int? {
        #if os(Linux)
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name != [0x2E] && name != [0x2E, 0x2E] { count += 1 }
        }
        // The directory being read holds a descriptor of its own.
        return count - 1
        #else
        return nil
        #endif
    }
}
