#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Somewhere whole log lines go: standard error, a rotated file.
public protocol LogLineWriter: Sendable {
    /// Writes `line` and a newline, whole, never interleaved with another thread's line.
    func write(_ line: String)
}

extension LineOutput: LogLineWriter {}

/// The service log as files `DIR/service-NNNNNN.jsonl`, one line per event,
/// a new file once the current one would pass `maximumBytes`, the oldest
/// deleted so that at most `maximumFiles` are kept: the log takes at most
/// `maximumFiles × maximumBytes` of disk (plus one line).
///
/// Each process starts a file of its own (one numbered after the highest
/// there), so a line torn by a crash stays at the end of the crashed
/// process's file and is never continued. Each line is one `write(2)` under
/// a lock, like ``LineOutput``. A line that cannot be written (full disk,
/// I/O error) is dropped and counted in ``droppedLines``; what part of it
/// reached the file is cut off again, so the file holds whole lines only.
public final class RotatingLogFile: LogLineWriter, Sendable {
    public let directory: String
    public let maximumBytes: Int
    public let maximumFiles: Int
    private let state: Mutex<State>
    private let dropped = Atomic<Int>(0)

    private struct State {
        var descriptor: Int32 = -1
        var number: Int
        var size = 0
        /// After a file could not be opened, when to try again (not on every line).
        var reopenAfter: ContinuousClock.Instant?
    }

    /// Creates `directory` (mode 0700, as its parents when missing) and opens the next file (mode 0600); throws when it cannot.
    public init(directory: String, maximumBytes: Int, maximumFiles: Int) throws(ServiceLogFileError) {
        self.directory = directory
        self.maximumBytes = max(1, maximumBytes)
        self.maximumFiles = max(1, maximumFiles)
        try Self.makeDirectories(directory)
        let number = (try Self.files(in: directory).last?.number ?? 0) + 1
        var state = State(number: number)
        state.descriptor = Self.open(directory + "/" + Self.fileName(number))
        guard state.descriptor >= 0 else {
            throw ServiceLogFileError(operation: "open", path: directory + "/" + Self.fileName(number), code: errno)
        }
        self.state = Mutex(state)
        prune(below: number)
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { close(state.descriptor) }
        }
    }

    /// Lines dropped because they could not be written, since the start.
    public var droppedLines: Int { dropped.load(ordering: .relaxed) }

    /// `service-NNNNNN.jsonl`, six digits or more.
    public static func fileName(_ number: Int) -> String {
        let digits = String(number)
        return "service-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".jsonl"
    }

    /// NNNNNN of `service-NNNNNN.jsonl`.
    public static func number(ofFileNamed name: String) -> Int? {
        guard name.hasPrefix("service-"), name.hasSuffix(".jsonl") else { return nil }
        let digits = name.dropFirst("service-".count).dropLast(".jsonl".count)
        guard digits.count >= 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    /// The service-log files of `directory`, oldest first; none when it does not exist.
    public static func files(in directory: String) throws(ServiceLogFileError) -> [(number: Int, name: String)] {
        guard let handle = opendir(directory) else {
            let code = errno
            if code == ENOENT { return [] }
            throw ServiceLogFileError(operation: "list", path: directory, code: code)
        }
        defer { closedir(handle) }
        var files: [(number: Int, name: String)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let number = number(ofFileNamed: name) { files.append((number, name)) }
        }
        return files.sorted { $0.number < $1.number }
    }

    public func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var deleteBelow: Int?
        let written = state.withLock { state -> Bool in
            if state.descriptor >= 0, state.size > 0, state.size + bytes.count > maximumBytes {
                close(state.descriptor)
                state.descriptor = -1
                state.number += 1
                state.size = 0
                state.reopenAfter = nil
            }
            if state.descriptor < 0 {
                if let after = state.reopenAfter, after > .now { return false }
                state.descriptor = Self.open(directory + "/" + Self.fileName(state.number))
                guard state.descriptor >= 0 else {
                    state.reopenAfter = .now + .seconds(1)
                    return false
                }
                state.reopenAfter = nil
                state.size = 0
                deleteBelow = state.number
            }
            var done = 0
            while done < bytes.count {
                let count = bytes.withUnsafeBytes { Glibc.write(state.descriptor, $0.baseAddress! + done, $0.count - done) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    // Cut off the part written, so the next line starts a line of its own.
                    if done > 0 { _ = ftruncate(state.descriptor, off_t(state.size)) }
                    return false
                }
                done += count
            }
            state.size += done
            return true
        }
        if !written { dropped.add(1, ordering: .relaxed) }
        if let deleteBelow { prune(below: deleteBelow) }
    }

    /// Deletes the oldest files so that, with file `current`, at most `maximumFiles` are kept.
    private func prune(below current: Int) {
        guard let files = try? Self.files(in: directory) else { return }
        for file in files where file.number <= current - maximumFiles {
            unlink(directory + "/" + file.name)
        }
    }

    private static func open(_ path: String) -> Int32 {
        Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    }

    private static func makeDirectories(_ path: String) throws(ServiceLogFileError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            // Private, as the data directory's others are (mkdir applies the umask: set the mode after).
            if mkdir(prefix, 0o700) == 0 {
                _ = chmod(prefix, 0o700)
            } else if errno != EEXIST {
                throw ServiceLogFileError(operation: "create", path: prefix, code: errno)
            }
        }
    }
}

/// The service log's directory or first file could not be made.
public struct ServiceLogFileError: Error, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var code: Int32

    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    }
}

extension RotatingLogFile {
    /// Shows ``droppedLines`` as `portcullis_service_log_dropped_lines_total` at every scrape.
    public func report(to metrics: PortcullisMetrics) {
        guard metrics.serviceLogDropped.isEnabled else { return }
        _ = metrics.serviceLogDropped.series([])
        let reported = ReportedCount()
        metrics.beforeEachScrape { [self] metrics in
            let now = droppedLines
            let before = reported.value.exchange(now, ordering: .relaxed)
            if now > before { metrics.serviceLogDropped.increment(by: now - before) }
        }
    }
}

/// A count already added to a counter, for hooks that turn totals into increments.
public final class ReportedCount: Sendable {
    public let value = Atomic<Int>(0)

    public init() {}
}
