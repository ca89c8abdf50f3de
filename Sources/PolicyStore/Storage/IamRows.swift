import Foundation
import GRDB
import KeyManagement

/// IAM rows to values, strictly: a row the API would not have written fails the read (and so the
/// snapshot) rather than being skipped, since a skipped key or attachment changes who may do what.
/// Errors name the table, never a value that could be a secret.
enum IamRows {
    static let accessKeyColumns = """
        access_key_id, user_name, role_name, session_name, status, created_at, expires_at, session_token_sha256, sealed_secret
        """

    static func users(_ db: Database) throws -> [IamUser] {
        try Row.fetchAll(db, sql: "SELECT name, created_at FROM iam_users ORDER BY name").map { row in
            IamUser(name: try name(row, "name", .user, of: "iam_users"), createdAt: try Timestamp.parse(try row.decode(String.self, forColumn: "created_at")))
        }
    }

    static func roles(_ db: Database) throws -> [IamRole] {
        try Row.fetchAll(db, sql: "SELECT name, created_at FROM iam_roles ORDER BY name").map { row in
            IamRole(name: try name(row, "name", .role, of: "iam_roles"), createdAt: try Timestamp.parse(try row.decode(String.self, forColumn: "created_at")))
        }
    }

    /// Access keys matching `condition` (SQL over `iam_access_keys`), by creation then id.
    static func accessKeys(_ db: Database, where condition: String = "1", arguments: StatementArguments = []) throws -> [IamAccessKey] {
        try Row.fetchAll(
            db, sql: "SELECT \(accessKeyColumns) FROM iam_access_keys WHERE \(condition) ORDER BY created_at, access_key_id",
            arguments: arguments
        ).map(accessKey)
    }

    static func accessKey(_ row: Row) throws -> IamAccessKey {
        let id = try row.decode(String.self, forColumn: "access_key_id")
        let userName = try row.decode(String?.self, forColumn: "user_name")
        let roleName = try row.decode(String?.self, forColumn: "role_name")
        let sessionName = try row.decode(String?.self, forColumn: "session_name")
        let expiresAt = try row.decode(String?.self, forColumn: "expires_at").map(Timestamp.parse)
        let tokenHash = try row.decode(Data?.self, forColumn: "session_token_sha256").map(Array.init)
        let owner: IamKeyOwner
        if let userName, roleName == nil, sessionName == nil, expiresAt == nil, tokenHash == nil,
            IamCredentialGenerator.isAccessKeyId(id, prefix: IamCredentialGenerator.userKeyPrefix),
            IamName.problem(with: userName, kind: .user) == nil
        {
            owner = .user(userName)
        } else if userName == nil, let roleName, let sessionName, expiresAt != nil, tokenHash?.count == 32,
            IamCredentialGenerator.isAccessKeyId(id, prefix: IamCredentialGenerator.sessionKeyPrefix),
            IamName.problem(with: roleName, kind: .role) == nil, IamName.problem(with: sessionName, kind: .sessionName) == nil
        {
            owner = .roleSession(role: roleName, session: sessionName)
        } else {
            throw PolicyStoreError.corruptStore("a row of iam_access_keys has an owner, id or session fields the store would not write")
        }
        let status = try PolicyRows.canonical(row, "status", of: "iam_access_keys") { IamAccessKeyStatus(rawValue: $0).map(StatusText.init) }
        let sealed: SealedSecret
        do {
            sealed = try SealedSecret(serialized: Array(try row.decode(Data.self, forColumn: "sealed_secret")))
        } catch {
            throw PolicyStoreError.corruptStore("a row of iam_access_keys has a sealed secret the store would not write")
        }
        return IamAccessKey(
            accessKeyId: id, owner: owner, enabled: status.status == .active,
            createdAt: try Timestamp.parse(try row.decode(String.self, forColumn: "created_at")),
            expiresAt: expiresAt, sessionTokenSHA256: tokenHash, sealedSecret: sealed
        )
    }

    static func policies(_ db: Database) throws -> [IamPolicy] {
        try Row.fetchAll(db, sql: "SELECT name, document, updated_at FROM iam_policies ORDER BY name").map { row in
            IamPolicy(
                name: try name(row, "name", .policy, of: "iam_policies"),
                document: try row.decode(String.self, forColumn: "document"),
                updatedAt: try Timestamp.parse(try row.decode(String.self, forColumn: "updated_at"))
            )
        }
    }

    /// Every attachment as (policy, target), sorted by policy, then users before roles, then name.
    static func attachments(_ db: Database, where condition: String = "1", arguments: StatementArguments = []) throws -> [(policy: String, target: IamPolicyTarget)] {
        try Row.fetchAll(
            db,
            sql: "SELECT policy_name, user_name, role_name FROM iam_policy_attachments WHERE \(condition) ORDER BY policy_name, user_name IS NULL, user_name, role_name",
            arguments: arguments
        ).map { row in
            let policy = try name(row, "policy_name", .policy, of: "iam_policy_attachments")
            switch (try row.decode(String?.self, forColumn: "user_name"), try row.decode(String?.self, forColumn: "role_name")) {
            case (let user?, nil) where IamName.problem(with: user, kind: .user) == nil: return (policy, .user(user))
            case (nil, let role?) where IamName.problem(with: role, kind: .role) == nil: return (policy, .role(role))
            default: throw PolicyStoreError.corruptStore("a row of iam_policy_attachments has an owner the store would not write")
            }
        }
    }

    static func snapshot(_ db: Database) throws -> IamSnapshot {
        var userPolicies: [String: [String]] = [:]
        var rolePolicies: [String: [String]] = [:]
        for (policy, target) in try attachments(db) {
            switch target {
            case .user(let user): userPolicies[user, default: []].append(policy)
            case .role(let role): rolePolicies[role, default: []].append(policy)
            }
        }
        return IamSnapshot(
            users: Dictionary(uniqueKeysWithValues: try users(db).map { ($0.name, $0) }),
            roles: Dictionary(uniqueKeysWithValues: try roles(db).map { ($0.name, $0) }),
            accessKeys: Dictionary(uniqueKeysWithValues: try accessKeys(db).map { ($0.accessKeyId, $0) }),
            policies: Dictionary(uniqueKeysWithValues: try policies(db).map { ($0.name, $0.document) }),
            userPolicies: userPolicies, rolePolicies: rolePolicies
        )
    }

    static func userExists(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM iam_users WHERE name = ?", arguments: [name]) != nil
    }

    static func roleExists(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM iam_roles WHERE name = ?", arguments: [name]) != nil
    }

    static func policyExists(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM iam_policies WHERE name = ?", arguments: [name]) != nil
    }

    private static func name(_ row: Row, _ column: String, _ kind: IamName.Kind, of table: String) throws -> String {
        let value = try row.decode(String.self, forColumn: column)
        guard IamName.problem(with: value, kind: kind) == nil else {
            throw PolicyStoreError.corruptStore("a row of \(table) has a \(column) the store would refuse")
        }
        return value
    }

    /// A status read through ``PolicyRows/canonical(_:_:of:_:)``.
    private struct StatusText: CustomStringConvertible {
        let status: IamAccessKeyStatus
        var description: String { status.rawValue }
    }
}
