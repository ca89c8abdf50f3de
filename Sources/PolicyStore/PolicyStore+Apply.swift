import GRDB

extension PolicyStore {
    /// What ``apply(_:actor:)`` would change now, read in one transaction.
    public func drift(to declared: DeclaredPolicy) throws(PolicyStoreError) -> PolicyDrift {
        try declared.validate()
        return try read { db in try Self.drift(in: db, to: declared) }
    }

    /// Makes the store hold what `declared` declares, in one transaction: every change or none.
    /// The drift is computed inside that transaction, so a change made meanwhile by another
    /// process is neither missed nor undone unseen. Each change is recorded with `actor`, as the
    /// single-change calls record it (a user added disabled as `user.add` then `user.disable`,
    /// a super-user change as `user.set-super-user`); when there is no drift, nothing is written
    /// or recorded. Returns the drift it removed.
    @discardableResult
    public func apply(_ declared: DeclaredPolicy, actor: String) throws(PolicyStoreError) -> PolicyDrift {
        try PrincipalName.validateActor(actor)
        try declared.validate()
        let now = Timestamp.now().text
        return try write { db in
            let drift = try Self.drift(in: db, to: declared)
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
            return drift
        }
    }

    private static func drift(in db: Database, to declared: DeclaredPolicy) throws -> PolicyDrift {
        PolicyDrift(
            principals: try PolicyRows.allPrincipals(db), acls: try AclRows.fetchAll(db),
            networkRules: try NetworkRuleRows.fetchAll(db), declared: declared
        )
    }
}
