import Yams

/// A file Yams cannot read as YAML, as a problem at the place libyaml stopped.
enum YAMLSyntaxProblem {
    static func problem(_ error: any Error, file: String, text: String) -> PolicyFileProblem {
        func at(_ line: Int, _ column: Int, _ message: String) -> PolicyFileProblem {
            PolicyFileProblem(location: SourceLocation(file: file, line: line, column: column), message: message)
        }
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            let (line, column) = withinText(line: mark.line, column: mark.column, text: text)
            return at(line, column, "not valid YAML: \(problem)\(during)")
        case .reader(let problem, let offset, _, _):
            let (line, column) = position(atCharacterOffset: offset ?? 0, in: text)
            return at(line, column, "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return at(context.mark.line, context.mark.column, "\(keys) appears more than once in one mapping; give each key once")
        default:
            return at(1, 1, "not valid YAML: \(error)")
        }
    }

    /// libyaml ends the stream on a line of its own, so an error at the end of a text without a
    /// final line break is placed on a line the file does not have: place it after the last character.
    private static func withinText(line: Int, column: Int, text: String) -> (line: Int, column: Int) {
        var lines = 1
        var lastLineStart = text.unicodeScalars.startIndex
        var previous: Unicode.Scalar?
        for index in text.unicodeScalars.indices {
            let scalar = text.unicodeScalars[index]
            if lineBreaks.contains(scalar) {
                if !(scalar == "\n" && previous == "\r") { lines += 1 }
                lastLineStart = text.unicodeScalars.index(after: index)
            }
            previous = scalar
        }
        guard line > lines else { return (line, column) }
        return (lines, text.unicodeScalars[lastLineStart...].count + 1)
    }

    /// What libyaml takes for a line break (CR LF counts once).
    private static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"]

    /// Line and column (in Unicode scalars, as libyaml counts them) of a character offset.
    private static func position(atCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        let before = text.prefix(offset)
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return (before.count { $0 == "\n" } + 1, before[lineStart...].unicodeScalars.count + 1)
    }
}
