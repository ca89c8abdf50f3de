/// A place in a delivered log: one of its files (`decisions-NNNNNN.jsonl` in
/// `<data-dir>/audit`, `service-NNNNNN.jsonl`) and a byte offset in it, always
/// just after a complete line (or 0).
public struct LogPosition: Codable, Hashable, Sendable, CustomStringConvertible {
    /// `decisions-NNNNNN.jsonl`, `service-NNNNNN.jsonl`
    public var file: String
    public var offset: Int

    public init(file: String, offset: Int) {
        self.file = file
        self.offset = offset
    }

    public var description: String { "\(file)@\(offset)" }

    /// NNNNNN of `NAME-NNNNNN.jsonl`, which orders files (names of different widths do not sort).
    var fileNumber: Int? {
        guard file.hasSuffix(".jsonl"), let dash = file.lastIndex(of: "-") else { return nil }
        let digits = file[file.index(after: dash)...].dropLast(".jsonl".count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }
}
