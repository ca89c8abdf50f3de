import SecretHandling

/// Why the journal could not be written or read.
public enum UsageJournalError: Error, Sendable, CustomStringConvertible {
    case file(SecureFileError)
    /// A complete line that is not a journal line: the file was damaged or edited.
    case invalidLine(path: String, line: Int, reason: String)
    /// A line whose sequence number does not follow the one before: lines were copied or reordered.
    case sequenceOutOfOrder(path: String, line: Int, seq: Int64, previous: Int64)
    /// Another process holds the journal's writer lock.
    case locked(path: String)

    public var description: String {
        switch self {
        case .file(let error): "\(error)"
        case .invalidLine(let path, let line, let reason): "\(path):\(line) is not a usage line: \(reason)"
        case .sequenceOutOfOrder(let path, let line, let seq, let previous):
            "\(path):\(line) has seq \(seq) after seq \(previous): the journal's lines were copied or reordered"
        case .locked(let path): "another process is writing the usage journal (\(path) is locked)"
        }
    }
}
