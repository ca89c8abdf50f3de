import Foundation
import SecretHandling

/// A journal file read whole: its complete lines, and the bytes after the last
/// newline, which are a line being written or torn by a crash and never count.
struct UsageFileContents {
    var lines: [UsageLine] = []
    /// Where the last complete line ends.
    var goodLength = 0
    var tornByteCount = 0

    /// Files are rotated long before this; a larger one is not the journal's.
    static let sizeLimit = 1 << 30

    init(_ file: UsageJournalFile) throws(UsageJournalError) {
        let bytes: [UInt8]
        do {
            bytes = try SecureFile.read(file.path, limit: Self.sizeLimit)
        } catch {
            throw .file(error)
        }
        let decoder = JSONDecoder()
        var start = 0
        var lineNumber = 0
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lineNumber += 1
            do {
                lines.append(try decoder.decode(UsageLine.self, from: Data(bytes[start..<newline])))
            } catch {
                throw .invalidLine(path: file.path, line: lineNumber, reason: "\(error)")
            }
            start = newline + 1
        }
        goodLength = start
        tornByteCount = bytes.count - start
    }
}
