import Foundation
import SecretHandling
import Synchronization

/// Reads a log kept as numbered files (`NAME-NNNNNN.jsonl`) as they are on disk,
/// never touching the writer: complete lines only (a line without its newline
/// yet is the writer's, mid-append), and on into the next file once a later one
/// exists. A file deleted before it was read (a rotation that outran delivery)
/// is passed over: ``skippedBytes(from:to:)`` says how much of it was lost.
struct LogFileSource: LogSource {
    let directory: String
    /// The log's files, oldest first: their numbers and names.
    let files: @Sendable () throws -> [(number: Int, name: String)]
    /// Makes, once per batch, what gives a line's time in milliseconds since the epoch, when it has one.
    let timeReader: @Sendable () -> (ArraySlice<UInt8>) -> Int64?
    /// The size each file had when last looked at, for what a deletion lost.
    private let sizes = FileSizes()

    init(
        directory: String, files: @escaping @Sendable () throws -> [(number: Int, name: String)],
        timeReader: @escaping @Sendable () -> (ArraySlice<UInt8>) -> Int64?
    ) {
        self.directory = directory
        self.files = files
        self.timeReader = timeReader
    }

    func batch(from position: LogPosition?, limits: BatchLimits) throws -> LogBatch? {
        let files = try self.files()
        guard var position = position ?? files.first.map({ LogPosition(file: $0.name, offset: 0) }) else { return nil }
        while true {
            let chunk = try read(position, upTo: limits.maximumBytes)
            let lines = chunk.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
            if !lines.isEmpty {
                let count = limits.count(fitting: lines.map(\.count))
                return LogBatch(
                    start: position,
                    lines: timed(lines.prefix(count)),
                    isFull: count < lines.count || chunk.count >= limits.maximumBytes
                )
            }
            if let longLine = try lineLongerThan(chunk, at: position, limit: limits.maximumBytes) {
                return LogBatch(start: position, lines: timed([longLine[...]]), isFull: true)
            }
            // Nothing complete here: this file is finished only if the writer has moved on to a later one
            // (whatever is left without a newline is then the torn end of a crash, never completed).
            guard let next = files.first(where: { $0.number > (position.fileNumber ?? .max) }) else { return nil }
            position = LogPosition(file: next.name, offset: 0)
        }
    }

    func pendingBytes(after position: LogPosition?) throws -> Int {
        var seen: [String: Int] = [:]
        let total = try files().reduce(0) { total, file in
            // One stat; Foundation's attributes would also look the owner up in the user database.
            let size = ((try? FileIdentity.current(at: directory + "/" + file.name)) ?? nil).map { Int($0.size) } ?? 0
            seen[file.name] = size
            guard let position, let current = position.fileNumber else { return total + size }
            if file.number < current { return total }
            return total + (file.number == current ? max(0, size - position.offset) : size)
        }
        sizes.remember(seen)
        return total
    }

    func skippedBytes(from old: LogPosition, to new: LogPosition) -> Int {
        guard let first = old.fileNumber, let last = new.fileNumber, first < last else { return 0 }
        let existing = Set(((try? files()) ?? []).map(\.name))
        return sizes.lastSeen().reduce(0) { total, entry in
            guard let number = LogPosition(file: entry.key, offset: 0).fileNumber, number >= first, number < last,
                  !existing.contains(entry.key) else { return total }
            return total + max(0, entry.value - (number == first ? old.offset : 0))
        }
    }

    private func read(_ position: LogPosition, upTo count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: directory + "/" + position.file) else { return [] }
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

    /// How far to look for the end of a long line (the writers' lines are far smaller).
    private static let longestLine = 16 << 20

    /// Each line with its time; a line without one (it is delivered all the
    /// same) takes the time of the one before it.
    private func timed(_ lines: some Sequence<ArraySlice<UInt8>>) -> [LogLine] {
        var previous = Int64(Date().timeIntervalSince1970 * 1000)
        let time = timeReader()
        return lines.map { line in
            if let milliseconds = time(line) { previous = milliseconds }
            return LogLine(bytes: Array(line), millisecondsSinceEpoch: previous)
        }
    }
}

/// The sizes files had when last listed, shared by the destinations reading one log.
private final class FileSizes: Sendable {
    private let sizes = Mutex<[String: Int]>([:])

    /// Files listed now replace what was known of them; files gone keep their last size.
    func remember(_ seen: [String: Int]) {
        sizes.withLock { sizes in
            sizes.merge(seen) { _, new in new }
            // Bounded: only the newest hundred names are kept.
            if sizes.count > 100 {
                let sorted = sizes.keys.sorted { (LogPosition(file: $0, offset: 0).fileNumber ?? 0) < (LogPosition(file: $1, offset: 0).fileNumber ?? 0) }
                for name in sorted.prefix(sizes.count - 100) { sizes[name] = nil }
            }
        }
    }

    func lastSeen() -> [String: Int] { sizes.withLock { $0 } }
}
