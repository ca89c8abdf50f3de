import ArgumentParser
import Foundation

/// `--output table|json`: text for people, JSON for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

enum JSONOutput {
    /// Pretty-printed with sorted keys and ISO-8601 dates, as every authctl listing prints JSON.
    static func render(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
