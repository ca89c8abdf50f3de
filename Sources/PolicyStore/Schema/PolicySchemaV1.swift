import GRDB

/// Principals, their SCRAM credentials in Kafka's stored form, and the append-only record
/// of administrative changes. The constraints repeat the API's rules so that a row edited
/// by hand in `sqlite3` cannot hold what the gateway would misread.
enum PolicySchemaV1 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE principals (
                name TEXT NOT NULL PRIMARY KEY CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 255),
                enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
                super_user INTEGER NOT NULL DEFAULT 0 CHECK (super_user IN (0, 1)),
                created_at TEXT NOT NULL
            ) STRICT;

            -- One row per principal and mechanism; never the password. Kafka's iteration bounds.
            CREATE TABLE scram_credentials (
                principal TEXT NOT NULL REFERENCES principals(name) ON DELETE CASCADE ON UPDATE CASCADE,
                mechanism TEXT NOT NULL CHECK (mechanism IN ('SCRAM-SHA-256', 'SCRAM-SHA-512')),
                salt BLOB NOT NULL CHECK (length(salt) BETWEEN 1 AND 1024),
                iterations INTEGER NOT NULL CHECK (iterations BETWEEN 4096 AND 16384),
                stored_key BLOB NOT NULL,
                server_key BLOB NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (principal, mechanism),
                CHECK (length(stored_key) = CASE mechanism WHEN 'SCRAM-SHA-256' THEN 32 ELSE 64 END),
                CHECK (length(server_key) = length(stored_key))
            ) STRICT;

            -- AUTOINCREMENT: ids are never reused, so a reader resumes after the last id it saw.
            CREATE TABLE admin_changes (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                details TEXT NOT NULL CHECK (json_valid(details))
            ) STRICT;

            CREATE TRIGGER admin_changes_refuse_update BEFORE UPDATE ON admin_changes
            BEGIN SELECT RAISE(ABORT, 'admin_changes is append-only'); END;

            CREATE TRIGGER admin_changes_refuse_delete BEFORE DELETE ON admin_changes
            BEGIN SELECT RAISE(ABORT, 'admin_changes is append-only'); END;
            """)
    }
}
