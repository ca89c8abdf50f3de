/// Where a text ends, as libyaml counts lines. libyaml ends the stream on a line of its own, so
/// a node or an error at the end of a text without a final line break is placed on a line the
/// file does not have; ``clamped(line:column:)`` places it just after the last character.
struct YAMLTextEnd {
    /// What libyaml takes for a line break (CR LF counts once).
    private static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"]

    let lineCount: Int
    let lastLineLength: Int

    init(_ text: String) {
        var lines = 1
        var lastLineLength = 0
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if Self.lineBreaks.contains(scalar) {
                if !(scalar == "\n" && previous == "\r") { lines += 1 }
                lastLineLength = 0
            } else {
                lastLineLength += 1
            }
            previous = scalar
        }
        self.lineCount = lines
        self.lastLineLength = lastLineLength
    }

    func clamped(line: Int, column: Int) -> (line: Int, column: Int) {
        line > lineCount ? (lineCount, lastLineLength + 1) : (line, column)
    }
}
