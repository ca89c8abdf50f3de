import Authentication
import Foundation
import GRDB

/// Rows to values. A row the API would never have written is reported as damage rather
/// than trusted: the store is shared with `sqlite3` and with other versions.
enum PolicyRows {
    static func principalExists(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM principals WHERE name = ?", arguments: [name]) != nil
    }

    /// Every principal, ordered by name.
    static func allPrincipals(_ db: Database) throws -> [Principal] {
        try Row.fetchAll(db, sql: "SELECT name, enabled, super_user, created_at FROM principals ORDER BY name").map(principal)
    }

    static func principal(_ row: Row) throws -> Principal {
        let name = try row.decode(String.self, forColumn: "name")
        guard PrincipalName.problem(with: name) == nil else {
            throw PolicyStoreError.corruptStore("a principal has a name the store would refuse")
        }
        return Principal(
            name: name,
            enabled: try row.decode(Bool.self, forColumn: "enabled"),
            superUser: try row.decode(Bool.self, forColumn: "super_user"),
            createdAt: try Timestamp.parse(try row.decode(String.self, forColumn: "created_at"))
        )
    }

    static func scramCredential(_ row: Row) throws -> (principal: String, credential: ScramCredential) {
        let principal = try row.decode(String.self, forColumn: "principal")
        let mechanismName = try row.decode(String.self, forColumn: "mechanism")
        guard let mechanism = ScramMechanism(rawValue: mechanismName) else {
            throw PolicyStoreError.corruptStore("User:\(principal) has a credential for an unknown mechanism")
        }
        let credential = ScramCredential(
            mechanism: mechanism,
            salt: Array(try row.decode(Data.self, forColumn: "salt")),
            iterations: try row.decode(Int.self, forColumn: "iterations"),
            storedKey: Array(try row.decode(Data.self, forColumn: "stored_key")),
            serverKey: Array(try row.decode(Data.self, forColumn: "server_key"))
        )
        if let problem = credential.storageProblem {
            throw PolicyStoreError.corruptStore("User:\(principal)'s \(mechanism.rawValue) credential: \(problem)")
        }
        return (principal, credential)
    }
}
