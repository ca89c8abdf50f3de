#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// The journal's writer: appends numbered lines, one fsync per file per append.
///
/// Opening goes on where the journal ends: a torn last line is cut off and the
/// sequence continues after the last complete line. A failed write is cut off
/// again before anything else is written, so a retry never leaves a partial
/// append in the middle of a file. Not thread-safe: `UsageRecorder` serialises it.
public final class UsageJournal {
    public static let defaultMaxFileBytes = 64 << 20

    public let directory: UsageDirectory
    /// The last sequence number written (0 for an empty journal).
    public private(set) var lastSeq: Int64
    /// Bytes of a torn line cut off the last file when opening.
    public let tornByteCountCut: Int
    private let maxFileBytes: Int
    private let lock: Int32
    private var current: OpenFile?

    private struct OpenFile {
        let file: UsageJournalFile
        let descriptor: Int32
        /// Bytes written completely.
        var size: Int
        /// Whether bytes past `size` may be on disk from a failed append that could not be cut off at once.
        var mayHaveTail = false
    }

    public init(directory: UsageDirectory, maxFileBytes: Int = defaultMaxFileBytes) throws(UsageJournalError) {
        do {
            try SecureFile.makeDirectories(directory.path)
        } catch {
            throw .file(error)
        }
        let lock = try Self.lock(directory)
        do {
            (lastSeq, tornByteCountCut, current) = try Self.resume(directory)
        } catch {
            close(lock)
            throw error
        }
        self.directory = directory
        self.maxFileBytes = maxFileBytes
        self.lock = lock
    }

    /// The writer lock, held until the journal is released (or the process dies).
    private static func lock(_ directory: UsageDirectory) throws(UsageJournalError) -> Int32 {
        let lock = open(directory.lockFile, O_RDWR | O_CREAT | O_CLOEXEC, SecureFile.privateFileMode)
        guard lock >= 0 else { throw .file(.system(operation: "open", path: directory.lockFile, code: errno)) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            close(lock)
            throw .locked(path: directory.lockFile)
        }
        return lock
    }

    /// Where writing goes on: the last file, cut back to its last complete line, and the sequence after that line.
    private static func resume(_ directory: UsageDirectory) throws(UsageJournalError) -> (lastSeq: Int64, tornByteCount: Int, file: OpenFile?) {
        guard let last = try directory.files().last else { return (0, 0, nil) }
        let contents = try UsageFileContents(last)
        let file = try openFile(last, size: contents.goodLength)
        do {
            try cut(file)
        } catch {
            close(file.descriptor)
            throw error
        }
        // An empty last file (a crash right after a rotation) was made for its first sequence number.
        return (contents.lines.last?.seq ?? last.firstSeq - 1, contents.tornByteCount, file)
    }

    deinit {
        if let current { close(current.descriptor) }
        close(lock)
    }

    /// Writes `entries` with the next sequence numbers and fsyncs. They go
    /// into the current file when it covers their day from an earlier minute
    /// and is not full, else into a new file; a batch spanning days is split.
    /// On failure the entries of the day that failed and of later days are in
    /// `unwritten`; the earlier days' are durable.
    public func append(_ entries: [UsageEntry]) throws(UsageAppendFailure) {
        let days = Dictionary(grouping: entries) { $0.minute.day }.sorted { $0.key < $1.key }
        for (index, (_, group)) in days.enumerated() {
            do {
                try appendDay(group)
            } catch {
                throw UsageAppendFailure(error: error, unwritten: days[index...].flatMap(\.value))
            }
        }
    }

    private func appendDay(_ entries: [UsageEntry]) throws(UsageJournalError) {
        guard let first = entries.map(\.minute).min() else { return }
        // Before anything else, and before leaving the file: lines of a failed append must never count.
        try cutTail()
        var target = try fileFor(first)
        let lines = entries.enumerated().map { UsageLine(seq: lastSeq + 1 + Int64($0.offset), entry: $0.element) }
        let bytes = lines.flatMap { $0.encodedLine() }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { pwrite(target.descriptor, $0.baseAddress! + written, $0.count - written, off_t(target.size + written)) }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                abandon()
                throw .file(.system(operation: "write", path: target.file.path, code: code))
            }
            written += result
        }
        // After a failed fsync the kernel may have dropped the pages: the lines are cut off and written again later.
        guard fsync(target.descriptor) == 0 else {
            let code = errno
            abandon()
            throw .file(.system(operation: "fsync", path: target.file.path, code: code))
        }
        target.size += bytes.count
        current = target
        lastSeq += Int64(lines.count)
    }

    /// Marks what a failed append wrote for cutting off, and cuts it now if it can.
    private func abandon() {
        current?.mayHaveTail = true
        try? cutTail()
    }

    private func cutTail() throws(UsageJournalError) {
        guard var file = current, file.mayHaveTail else { return }
        try Self.cut(file)
        file.mayHaveTail = false
        current = file
    }

    /// The open file that may take lines from `minute` on, rotating when the current one may not.
    private func fileFor(_ minute: UsageMinute) throws(UsageJournalError) -> OpenFile {
        if let current, current.file.firstMinute.day == minute.day, current.file.firstMinute <= minute, current.size < maxFileBytes {
            return current
        }
        let file = directory.file(firstMinute: minute, firstSeq: lastSeq + 1)
        let next = try Self.openFile(file, size: 0)
        do {
            try SecureFile.syncDirectory(directory.path)
        } catch {
            close(next.descriptor)
            throw .file(error)
        }
        if let current { close(current.descriptor) }
        current = next
        return next
    }

    private static func openFile(_ file: UsageJournalFile, size: Int) throws(UsageJournalError) -> OpenFile {
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_CLOEXEC, SecureFile.privateFileMode)
        guard descriptor >= 0 else { throw .file(.system(operation: "open", path: file.path, code: errno)) }
        return OpenFile(file: file, descriptor: descriptor, size: size)
    }

    /// Cuts `file` back to its good part (a torn line, or a failed append) and makes that durable.
    private static func cut(_ file: OpenFile) throws(UsageJournalError) {
        guard ftruncate(file.descriptor, off_t(file.size)) == 0, fsync(file.descriptor) == 0 else {
            throw .file(.system(operation: "truncate", path: file.file.path, code: errno))
        }
    }
}

/// An append that failed part way: what was not written, for the caller to keep and retry.
public struct UsageAppendFailure: Error {
    public let error: UsageJournalError
    public let unwritten: [UsageEntry]
}
