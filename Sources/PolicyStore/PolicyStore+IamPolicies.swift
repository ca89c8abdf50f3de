import Crypto
import Foundation
import GRDB

extension PolicyStore {
    /// The longest document the store keeps, in UTF-8 bytes (IAM's managed policies allow 6,144
    /// characters without whitespace; this leaves room for formatting).
    public static let maximumIamPolicyDocumentByteCount = 131_072

    /// Creates or replaces the policy `name`. The store keeps `document` as given and does not
    /// parse it: callers validate it first (`IamPolicyDocument(json:)` in `Authorization`).
    /// Returns true when the policy is new. Recorded with the document's SHA-256 and size.
    @discardableResult
    public func putIamPolicy(_ name: String, document: String, actor: String) throws(IamStoreError) -> Bool {
        try IamName.validate(name, .policy)
        try Self.validateIamActor(actor)
        let size = document.utf8.count
        guard size > 0, size <= Self.maximumIamPolicyDocumentByteCount else {
            throw .invalidPolicyDocument("it is \(size) bytes; it must be 1 to \(Self.maximumIamPolicyDocumentByteCount)")
        }
        let now = Timestamp.now()
        let digest = SHA256.hash(data: Array(document.utf8)).map { String(format: "%02x", $0) }.joined()
        return try iamWrite { db in
            let created = try !IamRows.policyExists(db, name)
            try db.execute(
                sql: """
                    INSERT INTO iam_policies (name, document, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """,
                arguments: [name, document, now.text]
            )
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: .iamPolicyPut, subject: "iam-policy/\(name)",
                details: ["created": .bool(created), "sha256": .string(digest), "bytes": .integer(size)]
            )
            return created
        }
    }

    /// Removes a policy. One still attached is refused with ``IamStoreError/policyAttached(policy:attachedTo:)``
    /// unless `force`, which first detaches it everywhere (each detachment recorded).
    public func removeIamPolicy(_ name: String, force: Bool = false, actor: String) throws(IamStoreError) {
        try IamName.validate(name, .policy)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            guard try IamRows.policyExists(db, name) else { throw IamStoreError.unknownPolicy(name) }
            let targets = try IamRows.attachments(db, where: "policy_name = ?", arguments: [name]).map(\.target)
            if !targets.isEmpty, !force {
                throw IamStoreError.policyAttached(policy: name, attachedTo: targets.map(\.description))
            }
            for target in targets { try Self.deleteAttachment(name, from: target, in: db, at: now.text, actor: actor) }
            try db.execute(sql: "DELETE FROM iam_policies WHERE name = ?", arguments: [name])
            try AdminChangeLog.append(db, at: now.text, actor: actor, action: .iamPolicyRemove, subject: "iam-policy/\(name)", details: [:])
        }
    }

    /// Every policy, by name.
    public func listIamPolicies() throws(IamStoreError) -> [IamPolicy] {
        try iamRead(IamRows.policies)
    }

    public func iamPolicy(named name: String) throws(IamStoreError) -> IamPolicy? {
        guard IamName.problem(with: name, kind: .policy) == nil else { return nil }
        return try iamRead { db in try IamRows.policies(db).first { $0.name == name } }
    }

    /// Where the policy is attached, users first, each sorted by name.
    public func iamPolicyAttachments(_ name: String) throws(IamStoreError) -> [IamPolicyTarget] {
        try IamName.validate(name, .policy)
        return try iamRead { db in
            guard try IamRows.policyExists(db, name) else { throw IamStoreError.unknownPolicy(name) }
            return try IamRows.attachments(db, where: "policy_name = ?", arguments: [name]).map(\.target)
        }
    }

    /// Attaches a policy to a user or role. Attaching it again changes nothing and records nothing,
    /// as IAM's AttachUserPolicy; returns whether it was newly attached.
    @discardableResult
    public func attachIamPolicy(_ name: String, to target: IamPolicyTarget, actor: String) throws(IamStoreError) -> Bool {
        try Self.validate(name, target)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        return try iamWrite { db in
            guard try IamRows.policyExists(db, name) else { throw IamStoreError.unknownPolicy(name) }
            let (column, owner) = try Self.attachmentColumn(target, in: db)
            try db.execute(
                sql: "INSERT INTO iam_policy_attachments (policy_name, \(column), attached_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [name, owner, now.text]
            )
            guard db.changesCount == 1 else { return false }
            try AdminChangeLog.append(
                db, at: now.text, actor: actor, action: .iamPolicyAttach, subject: "iam-policy/\(name)",
                details: ["target": .string(target.description)]
            )
            return true
        }
    }

    /// Detaches a policy; refused with ``IamStoreError/policyNotAttached(policy:target:)`` when it is not attached there.
    public func detachIamPolicy(_ name: String, from target: IamPolicyTarget, actor: String) throws(IamStoreError) {
        try Self.validate(name, target)
        try Self.validateIamActor(actor)
        let now = Timestamp.now()
        try iamWrite { db in
            guard try IamRows.policyExists(db, name) else { throw IamStoreError.unknownPolicy(name) }
            _ = try Self.attachmentColumn(target, in: db)
            try Self.deleteAttachment(name, from: target, in: db, at: now.text, actor: actor)
        }
    }

    private static func validate(_ policy: String, _ target: IamPolicyTarget) throws(IamStoreError) {
        try IamName.validate(policy, .policy)
        switch target {
        case .user(let user): try IamName.validate(user, .user)
        case .role(let role): try IamName.validate(role, .role)
        }
    }

    /// The attachments column for `target` and its name, once the user or role is known to exist.
    private static func attachmentColumn(_ target: IamPolicyTarget, in db: Database) throws -> (column: String, name: String) {
        switch target {
        case .user(let user):
            guard try IamRows.userExists(db, user) else { throw IamStoreError.unknownUser(user) }
            return ("user_name", user)
        case .role(let role):
            guard try IamRows.roleExists(db, role) else { throw IamStoreError.unknownRole(role) }
            return ("role_name", role)
        }
    }

    private static func deleteAttachment(_ policy: String, from target: IamPolicyTarget, in db: Database, at: String, actor: String) throws {
        let (column, owner): (String, String) = switch target {
        case .user(let user): ("user_name", user)
        case .role(let role): ("role_name", role)
        }
        try db.execute(sql: "DELETE FROM iam_policy_attachments WHERE policy_name = ? AND \(column) = ?", arguments: [policy, owner])
        guard db.changesCount == 1 else { throw IamStoreError.policyNotAttached(policy: policy, target: target.description) }
        try AdminChangeLog.append(
            db, at: at, actor: actor, action: .iamPolicyDetach, subject: "iam-policy/\(policy)",
            details: ["target": .string(target.description)]
        )
    }
}
