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

    static func table(_ rows: [UserListing]) -> String {
        TextTable.render(
            header: ["PRINCIPAL", "STATE", "SUPER", "SCRAM", "CREATED"],
            rows: rows.map { row in
                [
                    "User:\(row.name)", row.enabled ? "enabled" : "DISABLED", row.superUser ? "yes" : "no",
                    row.scramMechanisms.isEmpty ? "-" : row.scramMechanisms.joined(separator: ","),
                    row.createdAt.formatted(Date.ISO8601FormatStyle()),
                ]
            }
        )
    }
}
