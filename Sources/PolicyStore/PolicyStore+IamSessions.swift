import Foundation
import GRDB
import KeyManagement
import SecretHandling

extension PolicyStore {
    /// A session's duration, in seconds: up to STS's 12 hours. STS's floor is 15 minutes; shorter
    /// sessions are allowed here so that an expiry can be rehearsed (and tested) on open connections.
    public static let iamSessionDurations: ClosedRange<Int> = 1...43_200

    /// Issues temporary credentials for a session of `role`, as STS's AssumeRole does: an `ASIA…`
    /// id, a secret (sealed under `sealingKeyId` before anything is written) and a session token
    /// (stored only as its SHA-256), expiring `durationSeconds` after `now`. The secret and token
    /// are returned once.
    ///
    /// Expired credentials stay in the store, and in snapshots, until
    /// ``purgeExpiredIamSessions(asOf:actor:)`` removes them; the gateway refuses them by time.
    public func issueIamSession(
        role: String, sessionName: String, durationSeconds: Int, sealingKeyId: String, keyService: some KeyService,
        actor: String, now: Date = Date()
    ) async throws(IamStoreError) -> IamSessionCredentials {
        try IamName.validate(role, .role)
        try IamName.validate(sessionName, .sessionName)
        try Self.validateIamActor(actor)
        guard Self.iamSessionDurations.contains(durationSeconds) else { throw .invalidSessionDuration(seconds: durationSeconds) }
        try iamRead { db in
            guard try IamRows.roleExists(db, role) else { throw IamStoreError.unknownRole(role) }
        }
        let id = IamCredentialGenerator.accessKeyId(prefix: IamCredentialGenerator.sessionKeyPrefix)
        var secret = IamCredentialGenerator.secretAccessKey()
        defer { SecretBytes.zero(&secret) }
        let token = IamCredentialGenerator.sessionToken()
        let tokenHash = IamCredentialGenerator.sha256(token)
        let sealed = try await Self.sealSecret(secret, accessKeyId: id, sealingKeyId: sealingKeyId, keyService: keyService)
        let created = Timestamp.format(now)
        let expires = Timestamp.format(now.addingTimeInterval(TimeInterval(durationSeconds)))
        try iamWrite { db in
            guard try IamRows.roleExists(db, role) else { throw IamStoreError.unknownRole(role) }
            try db.execute(
                sql: """
                    INSERT INTO iam_access_keys
                        (access_key_id, role_name, session_name, status, created_at, expires_at, session_token_sha256, sealed_secret)
                    VALUES (?, ?, ?, 'Active', ?, ?, ?, ?)
                    """,
                arguments: [id, role, sessionName, created, expires, Data(tokenHash), Data(sealed.serialized)]
            )
            try AdminChangeLog.append(
                db, at: created, actor: actor, action: .iamSessionIssue, subject: id,
                details: [
                    "role": .string(role), "sessionName": .string(sessionName), "expiresAt": .string(expires),
                    "sealingKey": .string(sealed.wrappedKey.keyId),
                ]
            )
        }
        let key = IamAccessKey(
            accessKeyId: id, owner: .roleSession(role: role, session: sessionName), enabled: true,
            // What the text keeps (milliseconds), so the value returned equals the one read back later.
            createdAt: (try? Timestamp.parse(created)) ?? now, expiresAt: (try? Timestamp.parse(expires)) ?? now,
            sessionTokenSHA256: tokenHash, sealedSecret: sealed
        )
        return IamSessionCredentials(accessKey: key, secretAccessKey: String(decoding: secret, as: UTF8.self), sessionToken: token)
    }

    /// Deletes one session's credentials before they expire.
    public func revokeIamSession(_ accessKeyId: String, actor: String) throws(IamStoreError) {
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            guard let key = try IamRows.accessKeys(db, where: "access_key_id = ? AND role_name IS NOT NULL", arguments: [accessKeyId]).first else {
                throw IamStoreError.unknownSession(accessKeyId)
            }
            try Self.deleteSession(key, action: .iamSessionRevoke, in: db, at: now.text, actor: actor)
        }
    }

    /// Deletes every session's credentials of `role`; returns their ids.
    @discardableResult
    public func revokeIamSessions(role: String, actor: String) throws(IamStoreError) -> [String] {
        try IamName.validate(role, .role)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        return try iamWrite { db in
            guard try IamRows.roleExists(db, role) else { throw IamStoreError.unknownRole(role) }
            let keys = try IamRows.accessKeys(db, where: "role_name = ?", arguments: [role])
            for key in keys { try Self.deleteSession(key, action: .iamSessionRevoke, in: db, at: now.text, actor: actor) }
            return keys.map(\.accessKeyId)
        }
    }

    /// Deletes the credentials of every session expired at `date`, each recorded (`iam-session.purge`); returns their ids.
    @discardableResult
    public func purgeExpiredIamSessions(asOf date: Date = Date(), actor: String) throws(IamStoreError) -> [String] {
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        return try iamWrite { db in
            // The store writes times in one fixed-width UTC form, so text order is time order.
            let expired = try IamRows.accessKeys(
                db, where: "role_name IS NOT NULL AND expires_at <= ?", arguments: [Timestamp.format(date)]
            )
            for key in expired { try Self.deleteSession(key, action: .iamSessionPurge, in: db, at: now.text, actor: actor) }
            return expired.map(\.accessKeyId)
        }
    }

    /// Sessions' credentials (expired ones included), of `role` or of every role, oldest first.
    public func listIamSessions(role: String? = nil) throws(IamStoreError) -> [IamAccessKey] {
        if let role { try IamName.validate(role, .role) }
        return try iamRead { db in
            if let role {
                guard try IamRows.roleExists(db, role) else { throw IamStoreError.unknownRole(role) }
                return try IamRows.accessKeys(db, where: "role_name = ?", arguments: [role])
            }
            return try IamRows.accessKeys(db, where: "role_name IS NOT NULL")
        }
    }

    private static func deleteSession(_ key: IamAccessKey, action: AdminAction, in db: Database, at: String, actor: String) throws {
        guard case .roleSession(let role, let session) = key.owner else { return }
        try db.execute(sql: "DELETE FROM iam_access_keys WHERE access_key_id = ?", arguments: [key.accessKeyId])
        try AdminChangeLog.append(
            db, at: at, actor: actor, action: action, subject: key.accessKeyId,
            details: ["role": .string(role), "sessionName": .string(session)]
        )
    }
}
