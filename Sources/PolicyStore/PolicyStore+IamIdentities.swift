import GRDB

extension PolicyStore {
    @discardableResult
    public func addIamUser(_ name: String, actor: String) throws(IamStoreError) -> IamUser {
        try IamName.validate(name, .user)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            guard try !IamRows.userExists(db, name) else { throw IamStoreError.duplicateUser(name) }
            try db.execute(sql: "INSERT INTO iam_users (name, created_at) VALUES (?, ?)", arguments: [name, now.text])
            try AdminChangeLog.append(db, at: now.text, actor: actor, action: .iamUserAdd, subject: "iam-user/\(name)", details: [:])
        }
        return IamUser(name: name, createdAt: now.date)
    }

    /// Removes a user with its access keys and its policy attachments (the policies stay).
    public func removeIamUser(_ name: String, actor: String) throws(IamStoreError) {
        try IamName.validate(name, .user)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            guard try IamRows.userExists(db, name) else { throw IamStoreError.unknownUser(name) }
            let keys = try String.fetchAll(db, sql: "SELECT access_key_id FROM iam_access_keys WHERE user_name = ? ORDER BY access_key_id", arguments: [name])
            let policies = try String.fetchAll(db, sql: "SELECT policy_name FROM iam_policy_attachments WHERE user_name = ? ORDER BY policy_name", arguments: [name])
            try db.execute(sql: "DELETE FROM iam_users WHERE name = ?", arguments: [name])
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: .iamUserRemove, subject: "iam-user/\(name)",
                details: ["accessKeys": .strings(keys), "policies": .strings(policies)]
            )
        }
    }

    /// Every IAM user, by name.
    public func listIamUsers() throws(IamStoreError) -> [IamUser] {
        try iamRead(IamRows.users)
    }

    @discardableResult
    public func addIamRole(_ name: String, actor: String) throws(IamStoreError) -> IamRole {
        try IamName.validate(name, .role)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            guard try !IamRows.roleExists(db, name) else { throw IamStoreError.duplicateRole(name) }
            try db.execute(sql: "INSERT INTO iam_roles (name, created_at) VALUES (?, ?)", arguments: [name, now.text])
            try AdminChangeLog.append(db, at: now.text, actor: actor, action: .iamRoleAdd, subject: "iam-role/\(name)", details: [:])
        }
        return IamRole(name: name, createdAt: now.date)
    }

    /// Removes a role with its sessions' credentials and its policy attachments (the policies stay).
    public func removeIamRole(_ name: String, actor: String) throws(IamStoreError) {
        try IamName.validate(name, .role)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            guard try IamRows.roleExists(db, name) else { throw IamStoreError.unknownRole(name) }
            let sessions = try String.fetchAll(db, sql: "SELECT access_key_id FROM iam_access_keys WHERE role_name = ? ORDER BY access_key_id", arguments: [name])
            let policies = try String.fetchAll(db, sql: "SELECT policy_name FROM iam_policy_attachments WHERE role_name = ? ORDER BY policy_name", arguments: [name])
            try db.execute(sql: "DELETE FROM iam_roles WHERE name = ?", arguments: [name])
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: .iamRoleRemove, subject: "iam-role/\(name)",
                details: ["sessions": .strings(sessions), "policies": .strings(policies)]
            )
        }
    }

    /// Every IAM role, by name.
    public func listIamRoles() throws(IamStoreError) -> [IamRole] {
        try iamRead(IamRows.roles)
    }
}

extension PolicyStore {
    /// `write`, keeping the IAM refusals thrown inside the transaction as they are.
    func iamWrite<T>(_ updates: (Database) throws -> T) throws(IamStoreError) -> T {
        do {
            return try pool.write(updates)
        } catch let error as IamStoreError {
            throw error
        } catch {
            throw .store(PolicyStoreError(wrapping: error, database: databasePath))
        }
    }

    /// `read`, keeping the IAM refusals thrown inside it as they are.
    func iamRead<T>(_ value: (Database) throws -> T) throws(IamStoreError) -> T {
        do {
            return try pool.read(value)
        } catch let error as IamStoreError {
            throw error
        } catch {
            throw .store(PolicyStoreError(wrapping: error, database: databasePath))
        }
    }

    static func validateIamActor(_ actor: String) throws(IamStoreError) {
        do {
            try PrincipalName.validateActor(actor)
        } catch {
            throw .store(error)
        }
    }
}
