/// The first place where the log is not what its writer wrote, and why.
public struct AuditBreak: Hashable, Sendable, CustomStringConvertible {
    /// The file's name in the audit directory (`decisions-000002.jsonl`, `head.json`).
    public var file: String
    /// 1 for the first line; nil when the file as a whole is at fault.
    public var line: Int?
    public var reason: Reason

    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// Not a record (bad JSON, a field missing or malformed).
        case unreadable(String)
        /// A decision file is missing from the numbering.
        case missingFile
        /// The first record does not chain from the genesis value.
        case doesNotStartTheChain
        /// The seq is not the one after the previous record's.
        case sequence(expected: UInt64, found: UInt64)
        /// The record's bytes are not those the next record's `prev` holds the hash of.
        case altered(nextFile: String, nextLine: Int)
        /// The checkpoint's MAC is wrong; `since` names the checkpoint before it, if any.
        case checkpointMAC(since: String?)
        /// A line without its newline in a file that is not the last.
        case incompleteLine
        /// The log ends before the checkpoint in head.json.
        case truncated(lastSeq: UInt64, headSeq: UInt64)
        /// The record at the head's seq is not the head's checkpoint.
        case headMismatch(headSeq: UInt64)
        /// head.json is not an authentic checkpoint of this log.
        case headInvalid(String)
        /// head.json is missing although the log has checkpoints.
        case headMissing

        public var description: String {
            switch self {
            case .unreadable(let why):
                "not a record: \(why)"
            case .missingFile:
                "the file is missing: the records in it were removed"
            case .doesNotStartTheChain:
                "the first record does not chain from the genesis value: the beginning of the log was removed"
            case .sequence(let expected, let found):
                found > expected
                    ? "seq \(found) where \(expected) was expected: record \(expected)\(found - expected > 1 ? " to \(found - 1)" : "") was removed, or this record was moved here"
                    : "seq \(found) where \(expected) was expected: a record was moved or repeated"
            case .altered(let nextFile, let nextLine):
                "this record was changed after it was written: the next record (\(nextFile) line \(nextLine)) holds the hash of different bytes"
            case .checkpointMAC(let since):
                "the checkpoint's MAC is wrong: it, or a record since \(since ?? "the start of the log"), was altered and the chain recomputed, or it was not made with this log's key"
            case .incompleteLine:
                "the file ends in the middle of a line, and it is not the last file"
            case .truncated(let lastSeq, let headSeq):
                "the log ends at seq \(lastSeq) but head.json holds the checkpoint at seq \(headSeq): the log was cut short, records \(lastSeq + 1) to \(headSeq) are gone"
            case .headMismatch(let headSeq):
                "this is not the checkpoint head.json holds for seq \(headSeq): one of the two was altered"
            case .headInvalid(let why):
                "head.json is not an authentic checkpoint of this log: \(why)"
            case .headMissing:
                "head.json is missing although the log has checkpoints: a log cut short could not be told apart"
            }
        }
    }

    public var description: String {
        "\(file)\(line.map { " line \($0)" } ?? ""): \(reason)"
    }
}
