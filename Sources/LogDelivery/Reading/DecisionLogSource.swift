import Audit
import Foundation
import SecretHandling

/// Reads the decision log's files as they are on disk, never touching the
/// writer: complete lines only (a line without its newline yet is the writer's,
/// mid-append), and on into the next file once a later one exists.
struct DecisionLogSource: LogSource {
    let directory: AuditDirectory

    func batch(from position: LogPosition?, limits: BatchLimits) throws -> LogBatch? {
        let files = try existingFiles()
        guard var position = position ?? files.first.map({ LogPosition(file: $0.name, offset: 0) }) else { return nil }
        while true {
            let chunk = try read(position, upTo: limits.maximumBytes)
            let lines = chunk.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
            if !lines.isEmpty {
                let count = limits.count(fitting: lines.map(\.count))
                return LogBatch(
                    start: position,
                    lines: Self.timed(lines.prefix(count)),
                    isFull: count < lines.count || chunk.count >= limits.maximumBytes
                )
            }
            if let longLine = try lineLongerThan(chunk, at: position, limit: limits.maximumBytes) {
                return LogBatch(start: position, lines: Self.timed([longLine[...]]), isFull: true)
            }
            // Nothing complete here: this file is finished only if the writer has moved on to a later one
            // (whatever is left without a newline is then the torn end of a crash, never completed).
            guard let next = files.first(where: { ($0.number) > (position.fileNumber ?? .max) }) else { return nil }
            position = LogPosition(file: next.name, offset: 0)
        }
    }

    func pendingBytes(after position: LogPosition?) throws -> Int {
        try existingFiles().reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            guard let position, let current = position.fileNumber else { return total + size }
            if file.number < current { return total }
            return total + (file.number == current ? max(0, size - position.offset) : size)
        }
    }

    private func existingFiles() throws -> [AuditLogFile] {
        do {
            return try directory.decisionFiles()
        } catch SecureFileError.missing {
            return []
        }
    }

    private func read(_ position: LogPosition, upTo count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: directory.path + "/" + position.file) else { return [] }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(position.offset))
        return Array(try handle.read(upToCount: count) ?? Data())
    }

    /// A whole `chunk` without a newline is the start of a line longer than the
    /// batch limit: read on to its end, if it has one yet.
    private func lineLongerThan(_ chunk: [UInt8], at position: LogPosition, limit: Int) throws -> [UInt8]? {
        guard chunk.count >= limit else { return nil }
        let rest = try read(position, upTo: Self.longestLine)
        guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return Array(rest[..<newline])
    }

    /// How far to look for the end of a long line (the writer's records are far smaller).
    private static let longestLine = 16 << 20

    /// Each line with its record's time; a line that does not decode (it is
    /// delivered all the same) takes the time of the one before it.
    private static func timed(_ lines: some Sequence<ArraySlice<UInt8>>) -> [LogLine] {
        let decoder = AuditLineDecoder()
        var previous = Int64(Date().timeIntervalSince1970 * 1000)
        return lines.map { line in
            if let record = try? decoder.decode(line) {
                previous = record.time.microsecondsSinceEpoch / 1000
            }
            return LogLine(bytes: Array(line), millisecondsSinceEpoch: previous)
        }
    }
}
