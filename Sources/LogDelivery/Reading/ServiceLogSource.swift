#if canImport(Glibc)
import Glibc
#endif
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

    /// `{"time":"2026-12-08T00:02:32.123Z",…`: the JSON log handler writes `time` first.
    static func time(_ line: ArraySlice<UInt8>) -> Int64? {
        let prefix = Array(#"{"time":""#.utf8)
        guard line.count >= prefix.count + 24, line.starts(with: prefix) else { return nil }
        let text = Array(line.dropFirst(prefix.count).prefix(24))
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in text[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard text[4] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T"), text[19] == UInt8(ascii: "."),
              text[23] == UInt8(ascii: "Z"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millisecond = number(20..<23)
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int64(timegm(&parts)) * 1000 + Int64(millisecond)
    }
}
