import GRDB

/// The store's schema as an ordered list of migrations. Later issues append theirs
/// (ACLs, network rules, IAM keys and policies, certificate identity mappings), one file
/// each; a migration that has shipped is never edited, since databases already ran it.
enum PolicySchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-principals-scram-admin-changes", migrate: PolicySchemaV1.migrate)
        migrator.registerMigration("2-unknown-user-secret", migrate: PolicySchemaV2.migrate)
        migrator.registerMigration("3-acls-network-rules", migrate: PolicySchemaV3.migrate)
        migrator.registerMigration("4-iam-identities-policies", migrate: PolicySchemaV4.migrate)
        migrator.registerMigration("5-client-quotas", migrate: PolicySchemaV5.migrate)
        return migrator
    }
}
