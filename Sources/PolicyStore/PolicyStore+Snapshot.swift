import Authentication
import Crypto
import Foundation
import GRDB

extension PolicyStore {
    /// The whole policy, read in one transaction.
    public func snapshot() throws(PolicyStoreError) -> PolicySnapshot {
        try read(PolicySnapshot.load)
    }
}

extension PolicySnapshot {
    static func load(_ db: Database) throws -> PolicySnapshot {
        var principals: [String: Principal] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, enabled, super_user, created_at FROM principals") {
            let principal = try PolicyRows.principal(row)
            principals[principal.name] = principal
        }
        var credentials: [String: [ScramMechanism: ScramCredential]] = [:]
        let credentialRows = try Row.fetchAll(
            db, sql: "SELECT principal, mechanism, salt, iterations, stored_key, server_key FROM scram_credentials"
        )
        for row in credentialRows {
            let (principal, credential) = try PolicyRows.scramCredential(row)
            credentials[principal, default: [:]][credential.mechanism] = credential
        }
        let secret = try Data.fetchOne(db, sql: "SELECT secret FROM unknown_user_secret WHERE id = 1")
        guard let secret, secret.count == 32 else { throw PolicyStoreError.corruptStore("the unknown-user secret is missing") }
        return PolicySnapshot(
            principals: principals, scramCredentials: credentials, acls: try AclRows.fetchAll(db),
            networkRules: try NetworkRuleRows.fetchAll(db), unknownUserSecret: SymmetricKey(data: secret),
            iam: try IamRows.snapshot(db), quotas: ClientQuotas(try ClientQuotaRows.fetchAll(db))
        )
    }
}
