import Foundation
import GRDB
import KeyManagement
import SecretHandling

extension PolicyStore {
    /// IAM's limit on a user's access keys.
    public static let maximumAccessKeysPerUser = 2

    /// Creates an active access key for `user`: a new `AKIA…` id and a 40-character secret, sealed
    /// under the KMS key `sealingKeyId` before anything is written (the KMS call is the only
    /// suspension; the SQLite transaction is synchronous). The secret is returned once and stored
    /// only sealed. Refused when the user already has ``maximumAccessKeysPerUser`` keys.
    public func createIamAccessKey(
        forUser user: String, sealingKeyId: String, keyService: some KeyService, actor: String
    ) async throws(IamStoreError) -> IamNewAccessKey {
        try IamName.validate(user, .user)
        try Self.validateIamActor(actor)
        // Checked before the KMS is asked, and again in the transaction that writes.
        try iamRead { db in try Self.requireRoomForAccessKey(user, in: db) }
        let id = IamCredentialGenerator.accessKeyId(prefix: IamCredentialGenerator.userKeyPrefix)
        var secret = IamCredentialGenerator.secretAccessKey()
        defer { SecretBytes.zero(&secret) }
        let sealed = try await Self.sealSecret(secret, accessKeyId: id, sealingKeyId: sealingKeyId, keyService: keyService)
        let now = Timestamp.now()
        try iamWrite { db in
            try Self.requireRoomForAccessKey(user, in: db)
            try db.execute(
                sql: """
                    INSERT INTO iam_access_keys (access_key_id, user_name, status, created_at, sealed_secret)
                    VALUES (?, ?, 'Active', ?, ?)
                    """,
                arguments: [id, user, now.text, Data(sealed.serialized)]
            )
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: .iamKeyCreate, subject: id,
                details: ["user": .string(user), "sealingKey": .string(sealed.wrappedKey.keyId)]
            )
        }
        let key = IamAccessKey(
            accessKeyId: id, owner: .user(user), enabled: true, createdAt: now.date, expiresAt: nil,
            sessionTokenSHA256: nil, sealedSecret: sealed
        )
        return IamNewAccessKey(accessKey: key, secretAccessKey: String(decoding: secret, as: UTF8.self))
    }

    /// Makes a user's key active or inactive (IAM's UpdateAccessKey); `user` must own it.
    /// Recorded even when the state does not change, as for principals.
    public func setIamAccessKeyEnabled(_ enabled: Bool, accessKeyId: String, user: String, actor: String) throws(IamStoreError) {
        try IamName.validate(user, .user)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            try Self.requireOwnership(of: accessKeyId, by: user, in: db)
            try db.execute(
                sql: "UPDATE iam_access_keys SET status = ? WHERE access_key_id = ?",
                arguments: [(enabled ? IamAccessKeyStatus.active : .inactive).rawValue, accessKeyId]
            )
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: enabled ? .iamKeyEnable : .iamKeyDisable, subject: accessKeyId,
                details: ["user": .string(user)]
            )
        }
    }

    /// Deletes a user's key; `user` must own it.
    public func deleteIamAccessKey(_ accessKeyId: String, user: String, actor: String) throws(IamStoreError) {
        try IamName.validate(user, .user)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            try Self.requireOwnership(of: accessKeyId, by: user, in: db)
            try db.execute(sql: "DELETE FROM iam_access_keys WHERE access_key_id = ?", arguments: [accessKeyId])
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: .iamKeyDelete, subject: accessKeyId, details: ["user": .string(user)]
            )
        }
    }

    /// Users' access keys (never sessions'), of `user` or of everyone, oldest first.
    public func listIamAccessKeys(user: String? = nil) throws(IamStoreError) -> [IamAccessKey] {
        if let user { try IamName.validate(user, .user) }
        return try iamRead { db in
            if let user {
                guard try IamRows.userExists(db, user) else { throw IamStoreError.unknownUser(user) }
                return try IamRows.accessKeys(db, where: "user_name = ?", arguments: [user])
            }
            return try IamRows.accessKeys(db, where: "user_name IS NOT NULL")
        }
    }

    /// The access key or session credentials `accessKeyId` names, or nil.
    public func iamAccessKey(_ accessKeyId: String) throws(IamStoreError) -> IamAccessKey? {
        try iamRead { db in try IamRows.accessKeys(db, where: "access_key_id = ?", arguments: [accessKeyId]).first }
    }

    /// Makes sure the KMS key that seals IAM secrets exists: an `alias/NAME` that names no key is
    /// created (the key is returned so the caller can say so); any other missing key is an error.
    public static func ensureIamSealingKey(_ keyId: String, keyService: some KeyService) async throws(IamStoreError) -> KeyDescription? {
        do {
            _ = try await keyService.describeKey(keyId)
            return nil
        } catch .keyNotFound where keyId.hasPrefix("alias/") {
            do {
                return try await keyService.createKey(
                    alias: String(keyId.dropFirst("alias/".count)), description: "seals the secret access keys of Portcullis IAM users and sessions"
                )
            } catch {
                throw IamStoreError(keyServiceError: error)
            }
        } catch {
            throw IamStoreError(keyServiceError: error)
        }
    }

    static func sealSecret(
        _ secret: [UInt8], accessKeyId: String, sealingKeyId: String, keyService: some KeyService
    ) async throws(IamStoreError) -> SealedSecret {
        do {
            return try await SealedSecret.seal(
                secret, context: IamAccessKey.encryptionContext(accessKeyId: accessKeyId), keyId: sealingKeyId, keyService: keyService
            )
        } catch let error as KeyServiceError {
            throw IamStoreError(keyServiceError: error)
        } catch {
            throw .kms(String(describing: error))
        }
    }

    private static func requireRoomForAccessKey(_ user: String, in db: Database) throws {
        guard try IamRows.userExists(db, user) else { throw IamStoreError.unknownUser(user) }
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM iam_access_keys WHERE user_name = ?", arguments: [user]) ?? 0
        guard count < maximumAccessKeysPerUser else {
            throw IamStoreError.accessKeyLimit(user: user, limit: maximumAccessKeysPerUser)
        }
    }

    private static func requireOwnership(of accessKeyId: String, by user: String, in db: Database) throws {
        guard try IamRows.userExists(db, user) else { throw IamStoreError.unknownUser(user) }
        let row = try Row.fetchOne(db, sql: "SELECT user_name FROM iam_access_keys WHERE access_key_id = ?", arguments: [accessKeyId])
        guard let row else { throw IamStoreError.unknownAccessKey(accessKeyId) }
        guard try row.decode(String?.self, forColumn: "user_name") == user else {
            throw IamStoreError.accessKeyNotOwned(accessKeyId: accessKeyId, user: user)
        }
    }
}

extension IamStoreError {
    /// A KMS failure in words (``kms(_:)``), for tools that reach the KMS themselves before the store.
    public init(keyServiceError error: KeyServiceError) {
        self = .kms(Self.kmsReason(error))
    }

    private static func kmsReason(_ error: KeyServiceError) -> String {
        switch error {
        case .keyNotFound(let key): "no key \(key)"
        case .keyDisabled(let key): "key \(key) is disabled"
        case .invalidCiphertext: "the wrapped key does not unwrap (altered, or wrapped by another KMS)"
        case .aliasInUse(let alias): "alias \(alias) is in use"
        case .rootKeyUnavailable(let reason): reason
        case .unavailable(let reason), .serviceFailure(let reason): reason
        }
    }
}
