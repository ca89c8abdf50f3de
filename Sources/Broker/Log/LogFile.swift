#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// An open file of the log, read and written at explicit positions (pread
/// and pwrite, so readers and the writer share one descriptor), closed when
/// the last reference goes. Sendable so that an fsync can run on a thread
/// pool while the file stays open for it.
final class LogFile: Sendable {
    let path: String
    private let descriptor: CInt

    private init(path: String, descriptor: CInt) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Opens for reading and writing, creating the file (mode 0600) when
    /// `create`, emptying it when `truncate`.
    static func open(_ path: String, create: Bool = false, truncate: Bool = false) throws(LogError) -> LogFile {
        var flags = O_RDWR | O_CLOEXEC
        if create { flags |= O_CREAT }
        if truncate { flags |= O_TRUNC }
        let descriptor = path.withCString { openFile($0, flags, 0o600) }
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        return LogFile(path: path, descriptor: descriptor)
    }

    func size() throws(LogError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(operation: "stat", path: path, errno: errno) }
        return Int(status.st_size)
    }

    /// When the file was last written, in milliseconds since the epoch.
    func modificationTime() throws(LogError) -> Int64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(operation: "stat", path: path, errno: errno) }
        #if canImport(Darwin)
        let time = status.st_mtimespec
        #else
        let time = status.st_mtim
        #endif
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    /// Up to `count` bytes from `position`; fewer only where the file ends.
    func read(at position: Int, count: Int) throws(LogError) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        var failure: CInt = 0
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
            var done = 0
            while done < count {
                let result = pread(descriptor, bytes.baseAddress! + done, count - done, off_t(position + done))
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if result == 0 { break }
                done += result
            }
            return done
        }
        guard failure == 0 else { throw .io(operation: "read", path: path, errno: failure) }
        return buffer
    }

    /// Writes all of `bytes`' readable bytes at `position`.
    func write(_ bytes: ByteBuffer, at position: Int) throws(LogError) {
        let failure = bytes.withUnsafeReadableBytes { bytes -> CInt in
            var done = 0
            while done < bytes.count {
                let result = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(position + done))
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += result
            }
            return 0
        }
        guard failure == 0 else { throw .io(operation: "write", path: path, errno: failure) }
    }

    func truncate(to length: Int) throws(LogError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw .io(operation: "truncate", path: path, errno: errno) }
    }

    /// Makes the written data (and the size) durable. Blocks: run it on a thread pool.
    func synchronize() throws(LogError) {
        #if canImport(Darwin)
        let result = fsync(descriptor)
        #else
        let result = fdatasync(descriptor)
        #endif
        guard result == 0 else { throw .io(operation: "fsync", path: path, errno: errno) }
    }
}

/// `open(2)`, named apart from `LogFile.open`.
private func openFile(_ path: UnsafePointer<CChar>, _ flags: CInt, _ mode: mode_t) -> CInt {
    open(path, flags, mode)
}
