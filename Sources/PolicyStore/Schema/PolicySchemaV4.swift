import GRDB

/// IAM identities: users and roles, their access keys and session credentials, and policy
/// documents attached to them. As before, the CHECKs repeat the API's rules, so that a row
/// edited by hand cannot hold an owner, name or status the gateway would misread; what SQL
/// cannot check (a sealed secret's form) the row readers refuse instead, failing the snapshot.
///
/// Secrets are never stored: `sealed_secret` is the secret access key sealed under a KMS key
/// (`SealedSecret`, serialized), and a session token is kept only as its SHA-256.
enum PolicySchemaV4 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE iam_users (
                name TEXT NOT NULL PRIMARY KEY CHECK (\(iamName("name", maximum: 64))),
                created_at TEXT NOT NULL
            ) STRICT;

            CREATE TABLE iam_roles (
                name TEXT NOT NULL PRIMARY KEY CHECK (\(iamName("name", maximum: 64))),
                created_at TEXT NOT NULL
            ) STRICT;

            -- A user's long-term key (AKIA…, user_name set), or a role session's temporary
            -- credentials (ASIA…, role_name, session_name, expires_at and the token's hash set).
            CREATE TABLE iam_access_keys (
                access_key_id TEXT NOT NULL PRIMARY KEY CHECK (
                    length(access_key_id) = 20 AND substr(access_key_id, 1, 4) IN ('AKIA', 'ASIA')
                    AND substr(access_key_id, 5) NOT GLOB '*[^A-Z2-7]*'
                ),
                user_name TEXT REFERENCES iam_users(name) ON DELETE CASCADE,
                role_name TEXT REFERENCES iam_roles(name) ON DELETE CASCADE,
                session_name TEXT CHECK (session_name IS NULL OR (\(iamName("session_name", minimum: 2, maximum: 64)))),
                status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
                created_at TEXT NOT NULL,
                expires_at TEXT,
                session_token_sha256 BLOB CHECK (session_token_sha256 IS NULL OR length(session_token_sha256) = 32),
                sealed_secret BLOB NOT NULL CHECK (length(sealed_secret) > 28),
                CHECK (
                    (substr(access_key_id, 1, 4) = 'AKIA' AND user_name IS NOT NULL AND role_name IS NULL
                        AND session_name IS NULL AND expires_at IS NULL AND session_token_sha256 IS NULL)
                    OR (substr(access_key_id, 1, 4) = 'ASIA' AND user_name IS NULL AND role_name IS NOT NULL
                        AND session_name IS NOT NULL AND expires_at IS NOT NULL AND session_token_sha256 IS NOT NULL)
                )
            ) STRICT;
            CREATE INDEX iam_access_keys_by_user ON iam_access_keys(user_name) WHERE user_name IS NOT NULL;
            CREATE INDEX iam_access_keys_by_role ON iam_access_keys(role_name) WHERE role_name IS NOT NULL;

            -- The document as given; callers validate it before storing (the store does not parse it).
            CREATE TABLE iam_policies (
                name TEXT NOT NULL PRIMARY KEY CHECK (\(iamName("name", maximum: 128))),
                document TEXT NOT NULL CHECK (length(document) > 0),
                updated_at TEXT NOT NULL
            ) STRICT;

            -- A policy still attached cannot be deleted (no cascade from iam_policies): the store
            -- detaches it explicitly, recording each detachment.
            CREATE TABLE iam_policy_attachments (
                policy_name TEXT NOT NULL REFERENCES iam_policies(name),
                user_name TEXT REFERENCES iam_users(name) ON DELETE CASCADE,
                role_name TEXT REFERENCES iam_roles(name) ON DELETE CASCADE,
                attached_at TEXT NOT NULL,
                CHECK ((user_name IS NULL) <> (role_name IS NULL))
            ) STRICT;
            CREATE UNIQUE INDEX iam_policy_attachments_user ON iam_policy_attachments(policy_name, user_name) WHERE user_name IS NOT NULL;
            CREATE UNIQUE INDEX iam_policy_attachments_role ON iam_policy_attachments(policy_name, role_name) WHERE role_name IS NOT NULL;
            CREATE INDEX iam_policy_attachments_by_user ON iam_policy_attachments(user_name) WHERE user_name IS NOT NULL;
            CREATE INDEX iam_policy_attachments_by_role ON iam_policy_attachments(role_name) WHERE role_name IS NOT NULL;
            """)
    }

    /// AWS's names: `[A-Za-z0-9+=,.@_-]`, `minimum` to `maximum` characters (see ``IamName``).
    private static func iamName(_ column: String, minimum: Int = 1, maximum: Int) -> String {
        "length(\(column)) BETWEEN \(minimum) AND \(maximum) AND \(column) NOT GLOB '*[^-A-Za-z0-9+=,.@_]*'"
    }
}
