#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// One complete line of a decision file.
public struct AuditLine: Sendable {
    public let file: AuditLogFile
    /// 1 for the file's first line.
    public let number: Int
    /// The line's bytes, without the newline.
    public let bytes: [UInt8]
    /// Where the line ends in the file, after its newline.
    public let endOffset: Int
}

/// Reads a decision file line by line in bounded memory. At the end of the
/// file it returns nil and keeps what follows the last newline; asked again,
/// it reads on from there, so a file that grows can be followed.
final class AuditLineReader {
    let file: AuditLogFile
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Where the unreturned part of `buffer` starts.
    private var start = 0
    private var lineNumber = 0
    private var consumedOffset = 0
    private static let chunkSize = 1 << 16

    init(_ file: AuditLogFile) throws(SecureFileError) {
        let descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT ? .missing(path: file.path) : .system(operation: "open", path: file.path, code: code)
        }
        self.file = file
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Bytes after the last complete line: a line being written, or torn by a crash.
    var incompleteByteCount: Int { buffer.count - start }

    /// Where the last complete line returned ends.
    var offset: Int { consumedOffset }

    /// The next complete line, or nil at the end of the file for now.
    func next() throws(SecureFileError) -> AuditLine? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let bytes = Array(buffer[start..<newline])
                consumedOffset += newline + 1 - start
                start = newline + 1
                lineNumber += 1
                return AuditLine(file: file, number: lineNumber, bytes: bytes, endOffset: consumedOffset)
            }
            if start > 0 {
                buffer.removeSubrange(..<start)
                start = 0
            }
            searchFrom = buffer.count
            guard try readChunk() > 0 else { return nil }
        }
    }

    private func readChunk() throws(SecureFileError) -> Int {
        let previousCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        while true {
            let result = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + previousCount, Self.chunkSize) }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                buffer.removeSubrange(previousCount...)
                throw .system(operation: "read", path: file.path, code: code)
            }
            buffer.removeSubrange((previousCount + result)...)
            return result
        }
    }
}
