import Foundation
import GRDB

extension PolicyStore {
    /// Adds an enabled principal with no credential yet; never ``PrincipalName/anonymous``.
    @discardableResult
    public func addPrincipal(_ name: String, superUser: Bool = false, actor: String) throws(PolicyStoreError) -> Principal {
        try PrincipalName.validate(name)
        try PrincipalName.requireUnreserved(name)
        try PrincipalName.validateActor(actor)
        let now = Timestamp.now()
        let principal = Principal(name: name, enabled: true, superUser: superUser, createdAt: now.date)
        try write { db in
            if try PolicyRows.principalExists(db, name) {
                throw PolicyStoreError.duplicatePrincipal(name)
            }
            try Self.insertPrincipal(name, superUser: superUser, in: db, at: now.text, actor: actor)
        }
        return principal
    }

    /// Inserts an enabled principal and records it (`user.add`).
    static func insertPrincipal(_ name: String, superUser: Bool, in db: Database, at: String, actor: String) throws {
        try db.execute(
            sql: "INSERT INTO principals (name, enabled, super_user, created_at) VALUES (?, 1, ?, ?)",
            arguments: [name, superUser, at]
        )
        try AdminChangeLog.append(
            db, at: at, actor: actor, action: .userAdd, subject: "User:\(name)", details: ["superUser": .bool(superUser)]
        )
    }

    /// Removes a principal and, with it, all its credentials.
    public func removePrincipal(_ name: String, actor: String) throws(PolicyStoreError) {
        try PrincipalName.validate(name)
        try PrincipalName.validateActor(actor)
        let now = Timestamp.now()
        try write { db in
            guard try PolicyRows.principalExists(db, name) else { throw PolicyStoreError.unknownPrincipal(name) }
            let mechanisms = try String.fetchAll(
                db, sql: "SELECT mechanism FROM scram_credentials WHERE principal = ? ORDER BY mechanism", arguments: [name]
            )
            try db.execute(sql: "DELETE FROM principals WHERE name = ?", arguments: [name])
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: .userRemove, subject: "User:\(name)",
                details: ["scramMechanisms": .strings(mechanisms)]
            )
        }
    }

    /// Enables or disables a principal; a disabled one keeps its credentials but cannot authenticate.
    /// Recorded even when the state does not change, since the request itself is worth auditing.
    /// ``PrincipalName/anonymous`` can be disabled or removed, should a row predate its reservation,
    /// but not enabled.
    public func setEnabled(_ enabled: Bool, for name: String, actor: String) throws(PolicyStoreError) {
        try PrincipalName.validate(name)
        if enabled { try PrincipalName.requireUnreserved(name) }
        try PrincipalName.validateActor(actor)
        let now = Timestamp.now()
        try write { db in
            try db.execute(sql: "UPDATE principals SET enabled = ? WHERE name = ?", arguments: [enabled, name])
            guard db.changesCount == 1 else { throw PolicyStoreError.unknownPrincipal(name) }
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: enabled ? .userEnable : .userDisable, subject: "User:\(name)",
                details: [:]
            )
        }
    }

    /// Every principal, ordered by name.
    public func listPrincipals() throws(PolicyStoreError) -> [Principal] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, enabled, super_user, created_at FROM principals ORDER BY name")
                .map(PolicyRows.principal)
        }
    }

    /// The principal called `name`, or nil (also for a name no principal could have).
    public func principal(named name: String) throws(PolicyStoreError) -> Principal? {
        guard PrincipalName.problem(with: name) == nil else { return nil }
        return try read { db in
            try Row.fetchOne(
                db, sql: "SELECT name, enabled, super_user, created_at FROM principals WHERE name = ?", arguments: [name]
            ).map(PolicyRows.principal)
        }
    }
}
