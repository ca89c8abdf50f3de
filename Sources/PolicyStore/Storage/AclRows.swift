import Authorization
import GRDB

/// ACLs to and from rows of `acls`, whose columns hold Kafka's spellings of each field.
enum AclRows {
    static let columns = "resource_type, pattern_type, resource_name, principal, host, operation, permission"
    static let matchesAllColumns = """
        resource_type = ? AND pattern_type = ? AND resource_name = ? AND principal = ? AND host = ? \
        AND operation = ? AND permission = ?
        """

    static func arguments(_ binding: AclBinding) -> StatementArguments {
        let (pattern, entry) = (binding.pattern, binding.entry)
        return [
            pattern.resourceType.description, pattern.patternType.description, pattern.name,
            entry.principal.description, entry.host.description, entry.operation.description, entry.permission.description,
        ]
    }

    /// Every stored ACL; throws when any row does not read back as an ACL the store would write.
    static func fetchAll(_ db: Database) throws -> [AclBinding] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM acls").map(binding)
    }

    static func binding(_ row: Row) throws -> AclBinding {
        let binding = AclBinding(
            pattern: ResourcePattern(
                try PolicyRows.canonical(row, "resource_type", of: "acls", AclResourceType.init(name:)),
                try row.decode(String.self, forColumn: "resource_name"),
                try PolicyRows.canonical(row, "pattern_type", of: "acls", AclPatternType.init(name:))
            ),
            entry: AccessControlEntry(
                principal: try PolicyRows.canonical(row, "principal", of: "acls", AclPrincipal.init(parsing:)),
                host: try PolicyRows.canonical(row, "host", of: "acls", AclHost.init(parsing:)),
                operation: try PolicyRows.canonical(row, "operation", of: "acls", AclOperation.init(name:)),
                permission: try PolicyRows.canonical(row, "permission", of: "acls", AclPermission.init(name:))
            )
        )
        if let problem = binding.storageProblem {
            throw PolicyStoreError.corruptStore("an ACL for \(binding.pattern.resourceType) is one the store would refuse: \(problem)")
        }
        return binding
    }

    /// What `admin_changes.details` records of an ACL besides its resource pattern (the subject).
    static func details(_ entry: AccessControlEntry) -> [String: AdminChangeLog.Detail] {
        [
            "principal": .string(entry.principal.description), "host": .string(entry.host.description),
            "operation": .string(entry.operation.description), "permission": .string(entry.permission.description),
        ]
    }
}
