import Authorization
import GRDB

extension PolicyStore {
    /// Adds `bindings` in one transaction: all of them, or none when one is invalid. An ACL that
    /// exists already stays as it is, as Kafka's CreateAcls leaves it. Returns the ACLs that were
    /// new, in the order given, each once; only those are recorded (`acl.add`, one change each).
    @discardableResult
    public func addAcls(_ bindings: [AclBinding], actor: String) throws(PolicyStoreError) -> [AclBinding] {
        try PrincipalName.validateActor(actor)
        for binding in bindings {
            try Self.validateAcl(binding)
        }
        let now = Timestamp.now()
        return try write { db in try Self.insertAcls(bindings, in: db, at: now.text, actor: actor) }
    }

    /// Throws what ``addAcls(_:actor:)`` would throw for this ACL alone, so that a caller adding several can
    /// tell which one the store refuses (``PolicyStoreError/invalidAcl(_:)``) and add the others.
    public static func validateAcl(_ binding: AclBinding) throws(PolicyStoreError) {
        if let problem = binding.storageProblem { throw .invalidAcl(problem) }
    }

    /// Removes exactly `bindings`, in one transaction. One that does not exist is passed over, as
    /// Kafka's DeleteAcls passes over a filter that matches nothing. Returns the ACLs removed, in
    /// the order given; each is recorded (`acl.remove`).
    @discardableResult
    public func removeAcls(_ bindings: [AclBinding], actor: String) throws(PolicyStoreError) -> [AclBinding] {
        try PrincipalName.validateActor(actor)
        let now = Timestamp.now()
        return try write { db in try Self.deleteAcls(bindings, in: db, at: now.text, actor: actor) }
    }

    /// Removes every ACL `shouldRemove` selects, in one transaction: how the gateway's DeleteAcls
    /// applies Kafka's filters. Returns the ACLs removed, sorted; each is recorded (`acl.remove`).
    /// Every stored ACL must read back; a damaged row fails the call rather than being skipped.
    @discardableResult
    public func removeAcls(actor: String, where shouldRemove: (AclBinding) -> Bool) throws(PolicyStoreError) -> [AclBinding] {
        try PrincipalName.validateActor(actor)
        let now = Timestamp.now()
        return try write { db in
            let selected = try AclRows.fetchAll(db).filter(shouldRemove).sorted()
            return try Self.deleteAcls(selected, in: db, at: now.text, actor: actor)
        }
    }

    /// Every ACL, sorted by resource pattern, then entry.
    public func listAcls() throws(PolicyStoreError) -> [AclBinding] {
        try read { db in try AclRows.fetchAll(db).sorted() }
    }

    /// Inserts the ACLs not stored yet and records each (`acl.add`); returns them, in the order given.
    static func insertAcls(_ bindings: [AclBinding], in db: Database, at: String, actor: String) throws -> [AclBinding] {
        var added: [AclBinding] = []
        for binding in bindings {
            try db.execute(
                sql: "INSERT INTO acls (\(AclRows.columns)) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: AclRows.arguments(binding)
            )
            guard db.changesCount == 1 else { continue }
            added.append(binding)
            try AdminChangeLog.append(
                db, at: at, actor: actor, action: .aclAdd, subject: binding.pattern.description,
                details: AclRows.details(binding.entry)
            )
        }
        return added
    }

    /// Deletes the stored ones of `bindings` and records each (`acl.remove`); returns them, in the order given.
    static func deleteAcls(_ bindings: [AclBinding], in db: Database, at: String, actor: String) throws -> [AclBinding] {
        var removed: [AclBinding] = []
        for binding in bindings {
            try db.execute(sql: "DELETE FROM acls WHERE \(AclRows.matchesAllColumns)", arguments: AclRows.arguments(binding))
            guard db.changesCount == 1 else { continue }
            removed.append(binding)
            try AdminChangeLog.append(
                db, at: at, actor: actor, action: .aclRemove, subject: binding.pattern.description,
                details: AclRows.details(binding.entry)
            )
        }
        return removed
    }
}
