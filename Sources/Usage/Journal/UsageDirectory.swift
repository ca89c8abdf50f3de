import Foundation

/// The usage journal's directory, `DATA_DIR/usage`:
///
/// - `usage-20261207T2152Z-000000000001.jsonl`, …: the lines, in files named by
///   the first minute they cover and the first sequence number they hold. Every
///   line of a file lies in that file's UTC day, from its first minute on, so a
///   range is read from the files that can hold it and no others;
/// - `writer.lock`: held by the one process writing the journal.
public struct UsageDirectory: Hashable, Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The journal of the gateway whose data directory is `dataDirectory`.
    public init(dataDirectory: String) {
        self.init(path: dataDirectory + "/usage")
    }

    var lockFile: String { path + "/writer.lock" }

    func file(firstMinute: UsageMinute, firstSeq: Int64) -> UsageJournalFile {
        let digits = String(firstSeq)
        let name = "usage-\(firstMinute.compact)-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + ".jsonl"
        return UsageJournalFile(firstMinute: firstMinute, firstSeq: firstSeq, path: path + "/" + name)
    }

    /// The journal's files in the order they were written (by first sequence number).
    public func files() throws(UsageJournalError) -> [UsageJournalFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .file(.missing(path: path))
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            // Foundation keeps the errno as the underlying POSIX error.
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code ?? Int(EIO)
            throw .file(.system(operation: "list", path: path, code: Int32(code)))
        }
        return names.compactMap(parse).sorted { $0.firstSeq < $1.firstSeq }
    }

    /// `usage-YYYYMMDDTHHMMZ-SEQ.jsonl` read back; nil for any other name.
    private func parse(_ name: String) -> UsageJournalFile? {
        let parts = name.split(separator: "-")
        guard parts.count == 3, parts[0] == "usage", parts[2].hasSuffix(".jsonl"), parts[1].count == 14,
              let seq = Int64(parts[2].dropLast(".jsonl".count))
        else { return nil }
        let time = parts[1]
        let iso = "\(time.prefix(4))-\(time.dropFirst(4).prefix(2))-\(time.dropFirst(6).prefix(2))T\(time.dropFirst(9).prefix(2)):\(time.dropFirst(11).prefix(2)):00Z"
        guard let minute = UsageMinute(iso8601: iso), minute.compact == time else { return nil }
        let file = file(firstMinute: minute, firstSeq: seq)
        return file.path.hasSuffix("/" + name) ? file : nil
    }
}

/// One file of the journal.
public struct UsageJournalFile: Hashable, Sendable {
    public let firstMinute: UsageMinute
    public let firstSeq: Int64
    public let path: String

    /// Whether the file can hold lines of minutes in `range`: its lines lie in its first minute's day, from that minute on.
    func mayHold(_ range: Range<UsageMinute>) -> Bool {
        let dayEnd = UsageMinute(minutesSinceEpoch: (firstMinute.day + 1) * 1_440)
        return firstMinute < range.upperBound && range.lowerBound < dayEnd
    }
}
