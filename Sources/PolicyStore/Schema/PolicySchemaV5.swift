import GRDB

/// Client quotas, Kafka's (`kafka-configs.sh --entity-type users|ips`): one row per entity and key.
/// As before, the CHECKs repeat the API's rules so that a row edited by hand cannot hold a key its
/// entity type does not have or a value the gateway would misread; what SQL cannot check (a user
/// name's Unicode normalization, an IP address's canonical text) the row reader refuses instead,
/// failing the snapshot.
///
/// `<default>` is stored as the empty entity name: a real name is never empty (the CHECK and the
/// API refuse it), and unlike NULL the empty string is one value in the primary key, so a default
/// cannot be stored twice.
enum PolicySchemaV5 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE client_quotas (
                entity_type TEXT NOT NULL CHECK (entity_type IN ('user', 'ip')),
                -- '' is <default>; a user's name (without 'User:'), or an IP address in canonical text.
                entity_name TEXT NOT NULL CHECK (
                    entity_name = ''
                    OR (entity_type = 'user' AND length(CAST(entity_name AS BLOB)) <= 255
                        AND entity_name NOT GLOB \(controlCharacter))
                    OR (entity_type = 'ip' AND length(entity_name) BETWEEN 2 AND 45 AND entity_name NOT GLOB '*[^0-9a-f.:]*')
                ),
                quota_key TEXT NOT NULL CHECK (
                    (entity_type = 'user' AND quota_key IN ('producer_byte_rate', 'consumer_byte_rate', 'request_percentage'))
                    OR (entity_type = 'ip' AND quota_key = 'connection_creation_rate')
                ),
                -- Above zero; the rates are whole numbers (at most 2^53, exact in a double).
                value REAL NOT NULL CHECK (
                    value > 0 AND value <= 9007199254740992.0
                    AND (quota_key = 'request_percentage' OR value = round(value))
                ),
                PRIMARY KEY (entity_type, entity_name, quota_key)
            ) STRICT, WITHOUT ROWID;
            """)
    }

    /// A GLOB matching text that holds a control character (C0, DEL or C1), as in ``PolicySchemaV3``.
    private static let controlCharacter = "'*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'"
}
