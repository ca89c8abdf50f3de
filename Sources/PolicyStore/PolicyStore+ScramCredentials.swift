import Authentication
import Foundation
import GRDB

extension PolicyStore {
    /// Stores `credential` for the principal, replacing any credential it had for the same mechanism.
    /// Refused for ``PrincipalName/anonymous``, even should a row predate its reservation.
    public func setScramCredential(_ credential: ScramCredential, for name: String, actor: String) throws(PolicyStoreError) {
        try PrincipalName.validate(name)
        try PrincipalName.requireUnreserved(name)
        try PrincipalName.validateActor(actor)
        if let problem = credential.storageProblem {
            throw .invalidScramCredential(problem)
        }
        let now = Timestamp.now()
        try write { db in
            guard try PolicyRows.principalExists(db, name) else { throw PolicyStoreError.unknownPrincipal(name) }
            try Self.upsertCredential(credential, for: name, in: db, at: now.text, actor: actor)
        }
    }

    /// Deletes the principal's credential for `mechanism`.
    public func deleteScramCredential(_ mechanism: ScramMechanism, for name: String, actor: String) throws(PolicyStoreError) {
        try PrincipalName.validate(name)
        try PrincipalName.validateActor(actor)
        let now = Timestamp.now()
        try write { db in try Self.deleteCredential(mechanism, for: name, in: db, at: now.text, actor: actor) }
    }

    /// The stored credential, whether or not the principal is enabled. The gateway authenticates
    /// with ``PolicySnapshot/scramCredential(for:mechanism:)`` instead, which also checks that.
    public func scramCredential(for name: String, mechanism: ScramMechanism) throws(PolicyStoreError) -> ScramCredential? {
        guard PrincipalName.problem(with: name) == nil else { return nil }
        return try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT principal, mechanism, salt, iterations, stored_key, server_key
                    FROM scram_credentials WHERE principal = ? AND mechanism = ?
                    """,
                arguments: [name, mechanism.rawValue]
            ).map { try PolicyRows.scramCredential($0).credential }
        }
    }

    /// Stores or replaces the principal's credential for its mechanism and records it (`scram.set`).
    static func upsertCredential(_ credential: ScramCredential, for name: String, in db: Database, at: String, actor: String) throws {
        try db.execute(
            sql: """
                INSERT INTO scram_credentials (principal, mechanism, salt, iterations, stored_key, server_key, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (principal, mechanism) DO UPDATE SET
                    salt = excluded.salt, iterations = excluded.iterations, stored_key = excluded.stored_key,
                    server_key = excluded.server_key, updated_at = excluded.updated_at
                """,
            arguments: [
                name, credential.mechanism.rawValue, Data(credential.salt), credential.iterations,
                Data(credential.storedKey), Data(credential.serverKey), at,
            ]
        )
        try AdminChangeLog.append(
            db, at: at, actor: actor, action: .scramSet, subject: "User:\(name)",
            details: ["mechanism": .string(credential.mechanism.rawValue), "iterations": .integer(credential.iterations)]
        )
    }

    /// Deletes and records (`scram.delete`); throws ``PolicyStoreError/unknownPrincipal(_:)`` or
    /// ``PolicyStoreError/unknownScramCredential(principal:mechanism:)`` when there is nothing to delete.
    static func deleteCredential(_ mechanism: ScramMechanism, for name: String, in db: Database, at: String, actor: String) throws {
        guard try PolicyRows.principalExists(db, name) else { throw PolicyStoreError.unknownPrincipal(name) }
        try db.execute(
            sql: "DELETE FROM scram_credentials WHERE principal = ? AND mechanism = ?",
            arguments: [name, mechanism.rawValue]
        )
        guard db.changesCount == 1 else {
            throw PolicyStoreError.unknownScramCredential(principal: name, mechanism: mechanism)
        }
        try AdminChangeLog.append(
            db, at: at, actor: actor, action: .scramDelete, subject: "User:\(name)",
            details: ["mechanism": .string(mechanism.rawValue)]
        )
    }
}
