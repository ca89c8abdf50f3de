/// Where partition logs live: `DATA/logs/<topic>-<partition>/`, holding for
/// each segment `<base>.log`, `<base>.index`, `<base>.timeindex` and
/// `<base>.key`, with `<base>` the segment's base offset in 20 digits (so
/// names sort as offsets do), and `<base>.snapshot` for the producer state
/// at the active segment's start.
public enum LogLayout {
    public static func logsDirectory(dataDirectory: String) -> String {
        dataDirectory + "/logs"
    }

    public static func partitionDirectory(dataDirectory: String, topic: String, partition: Int32) -> String {
        logsDirectory(dataDirectory: dataDirectory) + "/" + partitionDirectoryName(topic: topic, partition: partition)
    }

    static func partitionDirectoryName(topic: String, partition: Int32) -> String {
        "\(topic)-\(partition)"
    }

    /// The topic and partition a directory name stands for; topic names may
    /// contain '-', so the partition is what follows the last one.
    static func parsePartitionDirectoryName(_ name: String) -> (topic: String, partition: Int32)? {
        guard let dash = name.lastIndex(of: "-"), dash != name.startIndex,
              let partition = Int32(name[name.index(after: dash)...]), partition >= 0
        else { return nil }
        return (String(name[..<dash]), partition)
    }

    static func segmentStem(_ baseOffset: Int64) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    static func fileName(_ baseOffset: Int64, _ kind: SegmentFileKind) -> String {
        segmentStem(baseOffset) + "." + kind.rawValue
    }

    /// The base offset and kind of a segment file name, or nil for any other name.
    static func parseFileName(_ name: String) -> (baseOffset: Int64, kind: SegmentFileKind)? {
        guard let dot = name.firstIndex(of: "."), name.distance(from: name.startIndex, to: dot) == 20,
              let kind = SegmentFileKind(rawValue: String(name[name.index(after: dot)...])),
              name[..<dot].allSatisfy(\.isASCIIDigit), let baseOffset = Int64(name[..<dot])
        else { return nil }
        return (baseOffset, kind)
    }
}

enum SegmentFileKind: String, CaseIterable, Sendable {
    case log, index, timeindex, key, snapshot
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
