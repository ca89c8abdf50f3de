import Foundation
import PolicyStore

/// One line of `authctl user list`, as a table row or a JSON object.
struct UserListing: Encodable {
    let name: String
    let enabled: Bool
    let superUser: Bool
    let scramMechanisms: [String]
    let createdAt: Date

    init(_ principal: Principal, mechanisms: [String]) {
        name = principal.name
        enabled = principal.enabled
        superUser = principal.superUser
        scramMechanisms = mechanisms
        createdAt = principal.createdAt
    }

    static func json(_ rows: [UserListing]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }

    static func table(_ rows: [UserListing]) -> String {
        let nameWidth = rows.map { "User:\($0.name)".count }.max().map { max($0, 9) } ?? 9
        var lines = [pad("PRINCIPAL", nameWidth) + "  STATE     SUPER  SCRAM                          CREATED"]
        for row in rows {
            lines.append(
                pad("User:\(row.name)", nameWidth) + "  "
                    + pad(row.enabled ? "enabled" : "DISABLED", 8) + "  "
                    + pad(row.superUser ? "yes" : "no", 5) + "  "
                    + pad(row.scramMechanisms.isEmpty ? "-" : row.scramMechanisms.joined(separator: ","), 29) + "  "
                    + row.createdAt.formatted(Date.ISO8601FormatStyle())
            )
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
    }
}
