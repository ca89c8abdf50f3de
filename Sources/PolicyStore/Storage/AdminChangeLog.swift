import Foundation
import GRDB

/// Appends to `admin_changes`. Append-only: nothing in the store updates or deletes these rows,
/// and triggers in the schema refuse it from anywhere else, because the decision log relies on
/// every change having been recorded exactly as made.
enum AdminChangeLog {
    /// A value in a change's details; there is deliberately no case for bytes.
    enum Detail: Encodable {
        case string(String)
        case integer(Int)
        case number(Double)
        case bool(Bool)
        case strings([String])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .integer(let value): try container.encode(value)
            // A whole number as an integer (`1048576`, not `1048576.0`), whatever the encoder does with doubles.
            case .number(let value) where value == value.rounded() && abs(value) <= 9_007_199_254_740_992:
                try container.encode(Int64(value))
            case .number(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .strings(let value): try container.encode(value)
            }
        }
    }

    static func append(
        _ db: Database, at: String, actor: String, action: AdminAction, subject: String, details: [String: Detail]
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(details), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO admin_changes (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)",
            arguments: [at, actor, action.rawValue, subject, json]
        )
    }
}
