#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a certificate, key or CA file whole, refusing what could not be one:
/// FIFOs and devices (which would block or never end) and anything larger
/// than `maximumSize`.
enum TLSFileReader {
    /// Far above any certificate chain or CA bundle in use (the Mozilla CA
    /// bundle is about 220 KiB).
    static let maximumSize = 1 << 20

    static func contents(of path: String) throws(ListenerTLSError) -> [UInt8] {
        // O_NONBLOCK so that opening a FIFO returns at once; fstat then refuses it.
        let descriptor = openForReading(path)
        guard descriptor >= 0 else { throw .unreadableFile(path: path, errno: errno) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadableFile(path: path, errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile(path: path) }
        guard Int(status.st_size) <= maximumSize else { throw .fileTooLarge(path: path, limit: maximumSize) }

        // Read to the end rather than to st_size: the file may grow while it is read.
        var bytes = [UInt8](repeating: 0, count: maximumSize + 1)
        var count = 0
        while count < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if result == 0 { break }
            if result < 0 {
                if errno == EINTR { continue }
                let failure = errno
                wipe(&bytes)
                throw .unreadableFile(path: path, errno: failure)
            }
            count += result
        }
        guard count <= maximumSize else {
            wipe(&bytes)
            throw .fileTooLarge(path: path, limit: maximumSize)
        }
        let contents = Array(bytes[0..<count])
        wipe(&bytes)
        return contents
    }

    /// Overwrites a buffer that held key material before it is released.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            #if canImport(Darwin)
            _ = memset_s(base, buffer.count, 0, buffer.count)
            #else
            explicit_bzero(base, buffer.count)
            #endif
        }
    }

    private static func openForReading(_ path: String) -> CInt {
        #if canImport(Glibc)
        Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        #else
        Darwin.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        #endif
    }
}
