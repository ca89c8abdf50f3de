import SecretHandling

/// Reads the records of a log, oldest first, for queries and `tail`. A line
/// that is not a record stops the reading with its file and line (`authctl
/// audit verify` says more); a last line still being written is left for later.
public struct AuditLogReader: Sendable {
    public let directory: AuditDirectory

    public init(directory: AuditDirectory) {
        self.directory = directory
    }

    /// Calls `body` with every record `query` matches, oldest first.
    public func forEach(matching query: AuditQuery, _ body: (AuditEntry) throws -> Void) throws {
        for file in try directory.decisionFiles() {
            try Self.read(file, matching: query, body)
        }
    }

    /// The last `count` records `query` matches, oldest first, and where the
    /// log ended when they were read (to follow it from there).
    public func last(_ count: Int, matching query: AuditQuery) throws -> (entries: [AuditEntry], end: AuditLogPosition?) {
        let files = try directory.decisionFiles()
        guard let newest = files.last else { return ([], nil) }
        var end = AuditLogPosition(file: newest, offset: 0)
        var entries: [AuditEntry] = []
        // The newest file is read even for no entries: it tells where the log ends.
        for file in files.reversed() where file == newest || entries.count < count {
            var fromFile: [AuditEntry] = []
            let offset = try Self.read(file, matching: query) { entry in
                fromFile.append(entry)
                // Trimmed now and then rather than at every line: removing from the front moves the rest.
                if fromFile.count >= 2 * max(count, 1024) { fromFile.removeFirst(fromFile.count - count) }
            }
            if file == newest { end.offset = offset }
            entries = fromFile.suffix(max(count - entries.count, 0)) + entries
        }
        return (entries, end)
    }

    /// Reads one file; where its last complete line ends.
    @discardableResult
    static func read(_ file: AuditLogFile, matching query: AuditQuery, _ body: (AuditEntry) throws -> Void) throws -> Int {
        let reader = try AuditLineReader(file)
        let decoder = AuditLineDecoder()
        while let line = try reader.next() {
            let record = try decode(line, decoder)
            if query.matches(record) { try body(AuditEntry(line: line, record: record)) }
        }
        return reader.offset
    }

    static func decode(_ line: AuditLine, _ decoder: AuditLineDecoder) throws(AuditLogError) -> AuditRecord {
        do {
            return try decoder.decode(line.bytes[...])
        } catch {
            throw .invalidFile(path: line.file.path, reason: "line \(line.number) is not a record (\(error)); run authctl audit verify")
        }
    }
}

/// A place in the log: a file and a byte offset in it.
public struct AuditLogPosition: Hashable, Sendable {
    public var file: AuditLogFile
    public var offset: Int
}
