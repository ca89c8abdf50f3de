import Yams

/// Reads the YAML nodes of one policy file into values, strictly: a field holds the kind of
/// value it should (no `yes` for true, no single value for a list), and keys are known ones.
/// Each problem is noted with its location and reading goes on, so that one run reports every
/// mistake; a caller builds nothing from a field that was not read.
struct YAMLFieldReader {
    let file: String
    /// The file's YAML.
    let text: String
    private let end: YAMLTextEnd
    private(set) var problems: [PolicyFileProblem] = []

    init(file: String, text: String) {
        self.file = file
        self.text = text
        self.end = YAMLTextEnd(text)
    }

    func location(of node: Node) -> SourceLocation {
        location(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// A place libyaml named, kept within the text (``YAMLTextEnd``).
    func location(line: Int, column: Int) -> SourceLocation {
        let (line, column) = end.clamped(line: line, column: column)
        return SourceLocation(file: file, line: line, column: column)
    }

    mutating func note(_ problem: PolicyFileProblem) {
        problems.append(problem)
    }

    mutating func note(_ message: String, at location: SourceLocation) {
        note(PolicyFileProblem(location: location, message: message))
    }

    mutating func note(_ message: String, at node: Node) {
        note(message, at: location(of: node))
    }

    /// The values of a mapping by key; nil when `node` is not a mapping. Notes keys not in
    /// `known` and keys of `required` that are missing; `what` names the mapping ("an ACL").
    mutating func fields(of node: Node, what: String, known: [String], required: [String] = []) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            note("\(what) must be a mapping with the keys \(known.joined(separator: ", "))", at: node)
            return nil
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, known.contains(scalar.string) else {
                note(Self.unknownKeyMessage(key.scalar?.string, in: what, known: known), at: key)
                continue
            }
            fields[scalar.string] = value
        }
        for key in required where fields[key] == nil {
            note("\(what) needs the key '\(key)'", at: node)
        }
        return fields
    }

    /// The text of a scalar; a list, a mapping or null is noted.
    mutating func string(_ node: Node, key: String) -> String? {
        guard case .scalar(let scalar) = node, !(scalar.style == .plain && Self.nulls.contains(scalar.string)) else {
            note("'\(key)' must be a string", at: node)
            return nil
        }
        return scalar.string
    }

    /// `true` or `false`, unquoted; YAML 1.1's yes, no, on and off are refused as ambiguous.
    mutating func bool(_ node: Node, key: String) -> Bool? {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            switch scalar.string.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        note("'\(key)' must be true or false", at: node)
        return nil
    }

    /// The items of a list; `nonEmpty` refuses an empty one, where it would mean nothing.
    mutating func list(_ node: Node, key: String, nonEmpty: Bool = false) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            note("'\(key)' must be a list, such as [a, b] or one '- item' per line", at: node)
            return nil
        }
        if nonEmpty, sequence.isEmpty {
            note("'\(key)' must list at least one item", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// A list of strings, each parsed by `parse` (whose error says what is wrong with it), none
    /// repeated; nil when any item was noted.
    mutating func parsedList<Value: Hashable>(_ node: Node, key: String, parse: (String) throws -> Value) -> [Value]? {
        guard let items = list(node, key: key, nonEmpty: true) else { return nil }
        var values: [Value] = []
        var clean = true
        for item in items {
            guard let text = string(item, key: key) else {
                clean = false
                continue
            }
            do {
                let value = try parse(text)
                if values.contains(value) {
                    note("'\(text)' is listed twice in '\(key)'", at: item)
                    clean = false
                }
                values.append(value)
            } catch {
                note("'\(key)': \(error)", at: item)
                clean = false
            }
        }
        return clean ? values : nil
    }

    /// A string parsed by `parse`, whose error says what is wrong with it.
    mutating func parsed<Value>(_ node: Node, key: String, parse: (String) throws -> Value) -> Value? {
        guard let text = string(node, key: key) else { return nil }
        do {
            return try parse(text)
        } catch {
            note("'\(key)': \(error)", at: node)
            return nil
        }
    }

    /// Plain scalars YAML reads as null.
    private static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]

    private static func unknownKeyMessage(_ key: String?, in what: String, known: [String]) -> String {
        guard let key else { return "\(what) has a key that is not a string; its keys are \(known.joined(separator: ", "))" }
        if key == "<<" { return "YAML merge keys (<<) are not supported: write the fields out" }
        if let meant = KeySuggestion.closest(to: key, among: known) {
            return "unknown key '\(key)' in \(what); did you mean '\(meant)'?"
        }
        return "unknown key '\(key)' in \(what); its keys are \(known.joined(separator: ", "))"
    }
}
