import Crypto
import Foundation
import GRDB

/// The IAM part of `apply`: identities, documents and attachments, written inside apply's
/// transaction and recorded as `authctl iam` records them (`iam-user.add`, `iam-role.add`,
/// `iam-policy.put`, `iam-policy.attach`/`detach`, `iam-policy.remove`).
extension PolicyStore {
    /// `pool.read` or `pool.write`, keeping PolicyStoreError and IamStoreError as they are.
    func applyTransaction<T>(writing: Bool, _ body: (Database) throws -> T) throws -> T {
        do {
            if writing { return try pool.write(body) }
            return try pool.read(body)
        } catch let error as IamStoreError {
            throw error
        } catch {
            throw PolicyStoreError(wrapping: error, database: databasePath)
        }
    }

    static func iamState(in db: Database) throws -> IamState {
        IamState(
            users: Set(try IamRows.users(db).map(\.name)), roles: Set(try IamRows.roles(db).map(\.name)),
            policies: Dictionary(uniqueKeysWithValues: try IamRows.policies(db).map { ($0.name, $0.document) }),
            attachments: Set(try IamRows.attachments(db).map { IamAttachment(policy: $0.policy, target: $0.target) })
        )
    }

    /// An attachment to add must name a policy the store holds or the drift adds.
    static func requireIamPolicies(for drift: PolicyDrift, in db: Database) throws {
        let added = Set(drift.iamPoliciesToAdd.map(\.name))
        for attachment in drift.iamAttachmentsToAdd where !added.contains(attachment.policy) {
            guard try IamRows.policyExists(db, attachment.policy) else { throw IamStoreError.unknownPolicy(attachment.policy) }
        }
    }

    static func applyIam(_ drift: PolicyDrift, in db: Database, at now: String, actor: String) throws {
        for user in drift.iamUsersToAdd {
            try db.execute(sql: "INSERT INTO iam_users (name, created_at) VALUES (?, ?)", arguments: [user, now])
            try AdminChangeLog.append(db, at: now, actor: actor, action: .iamUserAdd, subject: "iam-user/\(user)", details: [:])
        }
        for role in drift.iamRolesToAdd {
            try db.execute(sql: "INSERT INTO iam_roles (name, created_at) VALUES (?, ?)", arguments: [role, now])
            try AdminChangeLog.append(db, at: now, actor: actor, action: .iamRoleAdd, subject: "iam-role/\(role)", details: [:])
        }
        for (policy, created) in drift.iamPoliciesToAdd.map({ ($0, true) }) + drift.iamPoliciesToChange.map({ ($0, false) }) {
            try db.execute(
                sql: """
                    INSERT INTO iam_policies (name, document, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """,
                arguments: [policy.name, policy.document, now]
            )
            try AdminChangeLog.append(
                db, at: now, actor: actor, action: .iamPolicyPut, subject: "iam-policy/\(policy.name)",
                details: ["created": .bool(created), "sha256": .string(sha256Hex(policy.document)), "bytes": .integer(policy.document.utf8.count)]
            )
        }
        for attachment in drift.iamAttachmentsToRemove {
            let (column, owner) = attachmentColumn(attachment.target)
            try db.execute(
                sql: "DELETE FROM iam_policy_attachments WHERE policy_name = ? AND \(column) = ?", arguments: [attachment.policy, owner]
            )
            try AdminChangeLog.append(
                db, at: now, actor: actor, action: .iamPolicyDetach, subject: "iam-policy/\(attachment.policy)",
                details: ["target": .string(attachment.target.description)]
            )
        }
        for attachment in drift.iamAttachmentsToAdd {
            let (column, owner) = attachmentColumn(attachment.target)
            try db.execute(
                sql: "INSERT INTO iam_policy_attachments (policy_name, \(column), attached_at) VALUES (?, ?, ?)",
                arguments: [attachment.policy, owner, now]
            )
            try AdminChangeLog.append(
                db, at: now, actor: actor, action: .iamPolicyAttach, subject: "iam-policy/\(attachment.policy)",
                details: ["target": .string(attachment.target.description)]
            )
        }
        for policy in drift.iamPoliciesToRemove {
            try db.execute(sql: "DELETE FROM iam_policies WHERE name = ?", arguments: [policy])
            try AdminChangeLog.append(db, at: now, actor: actor, action: .iamPolicyRemove, subject: "iam-policy/\(policy)", details: [:])
        }
    }

    private static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func attachmentColumn(_ target: IamPolicyTarget) -> (column: String, name: String) {
        switch target {
        case .user(let user): ("user_name", user)
        case .role(let role): ("role_name", role)
        }
    }
}
