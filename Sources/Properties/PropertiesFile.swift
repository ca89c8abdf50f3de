import Foundation

/// One `name=value` setting of a Java-style properties file, with its line.
public struct Property: Sendable, Equatable {
    public let line: Int
    public let name: String
    public let value: String

    public init(line: Int, name: String, value: String) {
        self.line = line
        self.name = name
        self.value = value
    }

    public func number<Value: FixedWidthInteger>(as type: Value.Type = Value.self) throws(ConfigurationError) -> Value {
        guard let parsed = Value(value) else { throw error("\(name) must be an integer, got '\(value)'") }
        return parsed
    }

    public func flag() throws(ConfigurationError) -> Bool {
        switch value {
        case "true": return true
        case "false": return false
        default: throw error("\(name) must be true or false, got '\(value)'")
        }
    }

    /// A comma-separated list, items trimmed, empty items dropped.
    public var list: [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func error(_ message: String) -> ConfigurationError {
        ConfigurationError(line: line, message: message)
    }

    public var unknown: ConfigurationError { error("unknown setting '\(name)'") }
}

/// Kafka's `server.properties` format: `name=value` lines, `#` and `!`
/// comments. Users of Portcullis configure it the way they configure Kafka.
public enum PropertiesFile {
    public static func parse(_ text: String) throws(ConfigurationError) -> [Property] {
        var properties: [Property] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!") else { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(line: index + 1, message: "expected name=value")
            }
            properties.append(Property(
                line: index + 1,
                name: line[..<equals].trimmingCharacters(in: .whitespaces),
                value: line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            ))
        }
        return properties
    }
}

/// A configuration file that could not be applied, with the line at fault (0: the file as a whole).
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}
