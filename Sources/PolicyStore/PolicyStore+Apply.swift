import GRDB

extension PolicyStore {
    /// What ``apply(_:actor:)`` would change now, read in one transaction. Throws a
    /// ``PolicyStoreError``, or an ``IamStoreError`` for the IAM part.
    public func drift(to declared: DeclaredPolicy) throws -> PolicyDrift {
        try declared.validate()
        return try applyTransaction(writing: false) { db in
            let drift = try Self.drift(in: db, to: declared)
            try Self.requireIamPolicies(for: drift, in: db)
            return drift
        }
    }

    /// Makes the store hold what `declared` declares, in one transaction: every change or none.
    /// The drift is computed inside that transaction, so a change made meanwhile by another
    /// process is neither missed nor undone unseen. Each change is recorded with `actor`, as the
    /// single-change calls record it (a user added disabled as `user.add` then `user.disable`,
    /// a super-user change as `user.set-super-user`); when there is no drift, nothing is written
    /// or recorded. Returns the drift it removed. Throws a ``PolicyStoreError``, or an
    /// ``IamStoreError`` for the IAM part (an invalid document or name, an attachment of a
    /// policy neither declared nor stored).
    @discardableResult
    public func apply(_ declared: DeclaredPolicy, actor: String) throws -> PolicyDrift {
        try PrincipalName.validateActor(actor)
        try declared.validate()
        let now = Timestamp.now().text
        return try applyTransaction(writing: true) { db in
            let drift = try Self.drift(in: db, to: declared)
            try Self.requireIamPolicies(for: drift, in: db)
            for user in drift.usersToAdd {
                try Self.insertPrincipal(user.name, enabled: user.enabled, superUser: user.superUser, in: db, at: now, actor: actor)
            }
            for change in drift.usersToChange {
                let (current, declared) = (change.current, change.declared)
                if current.enabled != declared.enabled {
                    try Self.updateEnabled(declared.enabled, of: declared.name, in: db, at: now, actor: actor)
                }
                if current.superUser != declared.superUser {
                    try Self.updateSuperUser(declared.superUser, of: declared.name, in: db, at: now, actor: actor)
                }
            }
            for principal in drift.usersToRemove {
                try Self.deletePrincipal(principal.name, in: db, at: now, actor: actor)
            }
            _ = try Self.deleteAcls(drift.aclsToRemove, in: db, at: now, actor: actor)
            _ = try Self.insertAcls(drift.aclsToAdd, in: db, at: now, actor: actor)
            for rule in drift.networkRulesToRemove {
                try Self.deleteNetworkRule(rule, in: db, at: now, actor: actor)
            }
            for rule in drift.networkRulesToAdd {
                _ = try Self.insertNetworkRule(rule, in: db, at: now, actor: actor)
            }
            try Self.applyQuotaChanges(drift.quotaChanges, in: db, at: now, actor: actor)
            try Self.applyIam(drift, in: db, at: now, actor: actor)
            return drift
        }
    }

    private static func drift(in db: Database, to declared: DeclaredPolicy) throws -> PolicyDrift {
        PolicyDrift(
            principals: try PolicyRows.allPrincipals(db), acls: try AclRows.fetchAll(db),
            networkRules: try NetworkRuleRows.fetchAll(db),
            iam: try declared.iam.map { _ in try iamState(in: db) } ?? IamState(),
            quotas: declared.quotas == nil ? [] : try ClientQuotaRows.fetchAll(db), declared: declared
        )
    }
}

extension PolicyStore {
    /// Makes each change of a drift, recorded as ``alterQuotas(of:setting:removing:actor:)`` records it.
    static func applyQuotaChanges(_ changes: [ClientQuotaChange], in db: Database, at: String, actor: String) throws {
        let byEntity = Dictionary(grouping: changes, by: \.entity)
        for entity in byEntity.keys.sorted() {
            let entityChanges = byEntity[entity] ?? []
            var values: [ClientQuotaKey: Double] = [:]
            var removing: Set<ClientQuotaKey> = []
            for change in entityChanges {
                if let new = change.new { values[change.key] = new } else { removing.insert(change.key) }
            }
            _ = try alterQuotas(of: entity, setting: values, removing: removing, in: db, at: at, actor: actor)
        }
    }
}
