/// A place in the decision log: a file of `<data-dir>/audit` and a byte offset
/// in it, always just after a complete line (or 0).
public struct LogPosition: Codable, Hashable, Sendable, CustomStringConvertible {
    /// `decisions-NNNNNN.jsonl`
    public var file: String
    public var offset: Int

    public init(file: String, offset: Int) {
        self.file = file
        self.offset = offset
    }

    public var description: String { "\(file)@\(offset)" }

    /// NNNNNN of `decisions-NNNNNN.jsonl`, which orders files (names of different widths do not sort).
    var fileNumber: Int? {
        guard file.hasPrefix("decisions-"), file.hasSuffix(".jsonl") else { return nil }
        return Int(file.dropFirst("decisions-".count).dropLast(".jsonl".count))
    }
}
