import Foundation

/// The JSON line a Python client script prints last.
struct ClientSummary {
    let fields: [String: Any]

    init(standardOutput: String) throws {
        guard let line = standardOutput.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw Unreadable(output: standardOutput) }
        self.fields = object
    }

    subscript(path: String...) -> Any? {
        var value: Any? = fields
        for key in path { value = (value as? [String: Any])?[key] }
        return value
    }

    struct Unreadable: Error, CustomStringConvertible {
        let output: String
        var description: String { "no JSON summary as the last line of:\n\(output)" }
    }
}
