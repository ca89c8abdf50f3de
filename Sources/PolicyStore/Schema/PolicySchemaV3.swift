import GRDB

/// ACLs and topic network rules. Values are Kafka's spellings (`Topic`, `LITERAL`, `Read`,
/// `ALLOW`), as kafka-acls.sh prints them, so rows read the same in `sqlite3`. The CHECKs
/// repeat the API's rules so that a row edited by hand cannot hold a value outside its
/// vocabulary; what SQL cannot check (an IP address's canonical form, a CIDR block's host
/// bits, Unicode normalization) the row readers refuse instead, failing the snapshot.
enum PolicySchemaV3 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            -- The whole binding is the key: Kafka's CreateAcls of an existing ACL adds nothing.
            CREATE TABLE acls (
                resource_type TEXT NOT NULL CHECK (resource_type IN ('Topic', 'Group', 'Cluster', 'TransactionalId')),
                pattern_type TEXT NOT NULL CHECK (pattern_type IN ('LITERAL', 'PREFIXED')),
                resource_name TEXT NOT NULL CHECK (length(resource_name) > 0 AND resource_name NOT GLOB \(controlCharacter)),
                principal TEXT NOT NULL CHECK (
                    principal = 'User:*'
                    OR (substr(principal, 1, 5) = 'User:' AND length(CAST(principal AS BLOB)) BETWEEN 6 AND 260
                        AND principal NOT GLOB \(controlCharacter))
                ),
                -- `*` or an IP address in its canonical (lower-case) text.
                host TEXT NOT NULL CHECK (host = '*' OR (length(host) BETWEEN 2 AND 45 AND host NOT GLOB '*[^0-9a-f.:]*')),
                operation TEXT NOT NULL CHECK (operation IN (
                    'All', 'Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction',
                    'DescribeConfigs', 'AlterConfigs', 'IdempotentWrite'
                )),
                permission TEXT NOT NULL CHECK (permission IN ('ALLOW', 'DENY')),
                PRIMARY KEY (resource_type, pattern_type, resource_name, principal, host, operation, permission)
            ) STRICT, WITHOUT ROWID;

            -- operations: 'All', or topic operations joined by commas in Kafka's code order
            -- (e.g. 'Read,Write'). The CHECK removes each known ',Name,' and requires nothing but
            -- a comma to remain, which refuses unknown names, empty items and adjacent repeats.
            CREATE TABLE network_rules (
                topic TEXT NOT NULL CHECK (length(topic) > 0 AND topic NOT GLOB \(controlCharacter)),
                pattern_type TEXT NOT NULL CHECK (pattern_type IN ('LITERAL', 'PREFIXED')),
                cidr TEXT NOT NULL CHECK (cidr GLOB '?*/[0-9]*' AND cidr NOT GLOB '*[^0-9a-f.:/]*'),
                operations TEXT NOT NULL CHECK (
                    operations = 'All'
                    OR replace(replace(replace(replace(replace(replace(replace(replace(
                        ',' || operations || ',',
                        ',Read,', ','), ',Write,', ','), ',Create,', ','), ',Delete,', ','),
                        ',Alter,', ','), ',Describe,', ','), ',DescribeConfigs,', ','), ',AlterConfigs,', ',') = ','
                ),
                PRIMARY KEY (topic, pattern_type, cidr, operations)
            ) STRICT, WITHOUT ROWID;
            """)
    }

    /// A GLOB matching text that holds a control character (C0, DEL or C1), which names
    /// must not: they would reach terminals and logs.
    private static let controlCharacter = "'*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*'"
}
