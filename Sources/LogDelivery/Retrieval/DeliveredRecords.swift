import Audit

/// A decision log put back together from delivered records that come without
/// their place in the log's files (CloudWatch Logs events, in time order): each
/// record kept once by its `seq` (a record delivered twice must be the same
/// bytes both times), in `seq` order, as one file; a `seq` missing between 1 and
/// the highest is a gap.
public struct DeliveredRecords: Sendable {
    /// The records' lines in `seq` order, each with its newline.
    public var file: [UInt8] = []
    public var records = 0
    public var duplicates = 0
    /// Gaps, lines that are not records, records delivered twice with different bytes. Empty when whole.
    public var problems: [String] = []

    public init(lines: [String]) {
        let decoder = AuditLineDecoder()
        var bySeq: [UInt64: [UInt8]] = [:]
        for (index, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            guard let record = try? decoder.decode(bytes[...]) else {
                problems.append("event \(index + 1): not a decision-log record: \(line.prefix(80))")
                continue
            }
            if let kept = bySeq[record.seq] {
                duplicates += 1
                if kept != bytes { problems.append("seq \(record.seq): delivered twice, with different bytes") }
            } else {
                bySeq[record.seq] = bytes
            }
        }
        var expected: UInt64 = 1
        for seq in bySeq.keys.sorted() {
            if seq > expected {
                let missing = seq - 1 > expected ? "records \(expected)-\(seq - 1) are" : "record \(expected) is"
                problems.append("\(missing) in no event (a gap before seq \(seq))")
            }
            file += bySeq[seq]! + [UInt8(ascii: "\n")]
            records += 1
            expected = seq + 1
        }
    }
}
