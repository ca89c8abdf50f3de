#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Where log lines go: whole lines, one write each, never interleaved with
/// another thread's line.
public final class LineOutput: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    public static let standardError = LineOutput(descriptor: 2)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        lock.withLock { _ in
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return }  // nowhere left to report a failing log stream
                written += count
            }
        }
    }
}
