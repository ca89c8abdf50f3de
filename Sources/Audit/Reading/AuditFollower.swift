import SecretHandling

/// Follows a log as it is written (`tail -f`): each `poll` returns the
/// records written since the previous one, moving on to the next file when
/// the writer rotates.
public final class AuditFollower {
    private let directory: AuditDirectory
    private let query: AuditQuery
    private let decoder = AuditLineDecoder()
    private var reader: AuditLineReader?
    private var nextFileNumber: Int
    /// Lines that end at or before this offset of the first file were seen already.
    private var skipThrough: Int

    /// Follows from `position` (from `AuditLogReader.last`), or from the start of the log.
    public init(directory: AuditDirectory, from position: AuditLogPosition?, matching query: AuditQuery) {
        self.directory = directory
        self.query = query
        nextFileNumber = position?.file.number ?? 1
        skipThrough = position?.offset ?? 0
    }

    public func poll() throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        while true {
            if reader == nil {
                let file = directory.decisionFile(nextFileNumber)
                guard SecureFile.exists(file.path) else { return entries }
                reader = try AuditLineReader(file)
                nextFileNumber += 1
            }
            try drain(into: &entries)
            // The writer finishes a file before it creates the next: once the
            // next exists, one more read gets the rest of this one.
            guard SecureFile.exists(directory.decisionFile(nextFileNumber).path) else { return entries }
            try drain(into: &entries)
            reader = nil
            skipThrough = 0
        }
    }

    private func drain(into entries: inout [AuditEntry]) throws {
        while let line = try reader!.next() {
            guard line.endOffset > skipThrough else { continue }
            let record = try AuditLogReader.decode(line, decoder)
            if query.matches(record) { entries.append(AuditEntry(line: line, record: record)) }
        }
    }
}
