import Yams

/// A file Yams cannot read as YAML, as a problem at the place libyaml stopped.
enum YAMLSyntaxProblem {
    static func problem(_ error: any Error, in reader: YAMLFieldReader) -> PolicyFileProblem {
        func at(_ line: Int, _ column: Int, _ message: String) -> PolicyFileProblem {
            PolicyFileProblem(location: reader.location(line: line, column: column), message: message)
        }
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return at(mark.line, mark.column, "not valid YAML: \(problem)\(during)")
        case .reader(let problem, let offset, _, _):
            let (line, column) = position(atCharacterOffset: offset ?? 0, in: reader.text)
            return at(line, column, "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return at(context.mark.line, context.mark.column, "\(keys) appears more than once in one mapping; give each key once")
        default:
            return at(1, 1, "not valid YAML: \(error)")
        }
    }

    /// Line and column (in Unicode scalars, as libyaml counts them) of a character offset.
    private static func position(atCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        let before = text.prefix(offset)
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return (before.count { $0 == "\n" } + 1, before[lineStart...].unicodeScalars.count + 1)
    }
}
