import Foundation
import GRDB
import SecretHandling

/// The secret that keys SCRAM's stand-in credentials for unknown users
/// (`ScramServerExchange`): stored, so an unknown user's salt stays the same
/// across restarts and across gateways sharing the store, as a real user's
/// does; were it per process, comparing salts before and after a restart
/// would tell unknown users from known ones.
enum PolicySchemaV2 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE unknown_user_secret (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                secret BLOB NOT NULL CHECK (length(secret) = 32)
            ) STRICT;
            """)
        let secret = Data(SecretBytes.random(count: 32))
        try db.execute(sql: "INSERT INTO unknown_user_secret (id, secret) VALUES (1, ?)", arguments: [secret])
    }
}
