import Audit
import Foundation

/// The service log's files, `DIR/service-NNNNNN.jsonl` (`service.log.dir`,
/// `--log-dir`), as the gateway's rotated file writer leaves them; each line's
/// time its `time` field. Rotation deletes the oldest files: a destination
/// further behind than the files kept loses what was deleted, counted by
/// ``skippedBytes(from:to:)``.
struct ServiceLogSource: LogSource {
    private let files: LogFileSource

    init(directory: String) {
        files = LogFileSource(
            directory: directory,
            files: { try Self.files(in: directory) },
            timeReader: { Self.time }
        )
    }

    func batch(from position: LogPosition?, limits: BatchLimits) throws -> LogBatch? {
        try files.batch(from: position, limits: limits)
    }

    func pendingBytes(after position: LogPosition?) throws -> Int {
        try files.pendingBytes(after: position)
    }

    func skippedBytes(from old: LogPosition, to new: LogPosition) -> Int {
        files.skippedBytes(from: old, to: new)
    }

    /// `service-NNNNNN.jsonl` in `directory`, oldest first; none when it does not exist.
    static func files(in directory: String) throws -> [(number: Int, name: String)] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).compactMap { name in
            guard name.hasPrefix("service-"), let number = LogPosition(file: name, offset: 0).fileNumber else { return nil }
            return (number, name)
        }.sorted { $0.number < $1.number }
    }

    /// `{"time":"2026-12-08T00:02:32.123Z",…`: the JSON log handler writes `time` first. Milliseconds since the epoch.
    static func time(_ line: ArraySlice<UInt8>) -> Int64? {
        let prefix = Array(#"{"time":""#.utf8)
        guard line.count >= prefix.count + 24, line.starts(with: prefix),
              let time = AuditTime(rfc3339: String(decoding: line.dropFirst(prefix.count).prefix(24), as: UTF8.self))
        else { return nil }
        return time.microsecondsSinceEpoch / 1000
    }
}
