import Foundation
import PolicyStore
import XCTest

/// Migration 4 (IAM tables) and what its constraints and the row readers refuse.
final class IamSchemaTests: XCTestCase {
    private let iamTables = ["iam_policy_attachments", "iam_access_keys", "iam_policies", "iam_users", "iam_roles"]

    func testAVersion3DatabaseIsMigratedAndKeepsItsData() throws {
        let dataDirectory = try makeDataDirectory()
        let store = try PolicyStore(dataDirectory: dataDirectory)
        try store.addPrincipal("alice", actor: "test")
        try store.setScramCredential(try testCredential(), for: "alice", actor: "test")
        let before = try store.snapshot()
        let changes = try store.adminChanges()
        // Back to version 3: migration 4 only adds the IAM tables (and migration 5 the quota table).
        let back = ["DROP TABLE client_quotas", "DELETE FROM grdb_migrations WHERE identifier = '5-client-quotas'"]
            + iamTables.map({ "DROP TABLE \($0)" }) + ["DELETE FROM grdb_migrations WHERE identifier = '4-iam-identities-policies'"]
        for statement in back {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
        }
        XCTAssertEqual(try migrations(store.databasePath).last, "3-acls-network-rules")

        let migrated = try PolicyStore(dataDirectory: dataDirectory)
        XCTAssertFalse(migrated.wasCreated)
        XCTAssertEqual(try migrations(store.databasePath).suffix(2), ["4-iam-identities-policies", "5-client-quotas"])
        let after = try migrated.snapshot()
        XCTAssertEqual(after, before)
        XCTAssertEqual(after.iam, .empty)
        XCTAssertEqual(try migrated.adminChanges(), changes)
        try migrated.addIamUser("alice", actor: "test")
        XCTAssertEqual(try migrated.snapshot().iam.users.keys.sorted(), ["alice"])
        XCTAssertEqual(try migrated.snapshot().principals.keys.sorted(), ["alice"], "a principal and an IAM user are separate")
    }

    func testConstraintsRefuseRowsTheApiWouldNotWrite() throws {
        let store = try makeStore()
        try store.addIamUser("alice", actor: "test")
        try store.addIamRole("reader", actor: "test")
        try store.putIamPolicy("p", document: readOnlyPolicy, actor: "test")
        let sealed = "x'" + String(repeating: "ab", count: 40) + "'"
        let hash = "x'" + String(repeating: "00", count: 32) + "'"
        let refused = [
            // Both owners.
            """
            INSERT INTO iam_access_keys (access_key_id, user_name, role_name, session_name, status, created_at, expires_at, session_token_sha256, sealed_secret)
            VALUES ('AKIAAAAAAAAAAAAAAAAA', 'alice', 'reader', 's1', 'Active', 't', 't', \(hash), \(sealed))
            """,
            """
            INSERT INTO iam_access_keys (access_key_id, user_name, role_name, session_name, status, created_at, expires_at, session_token_sha256, sealed_secret)
            VALUES ('ASIAAAAAAAAAAAAAAAAA', 'alice', 'reader', 's1', 'Active', 't', 't', \(hash), \(sealed))
            """,
            // No owner.
            "INSERT INTO iam_access_keys (access_key_id, status, created_at, sealed_secret) VALUES ('AKIAAAAAAAAAAAAAAAAA', 'Active', 't', \(sealed))",
            // A session without its token hash or expiry, a user key with an ASIA id, a user key with an expiry.
            """
            INSERT INTO iam_access_keys (access_key_id, role_name, session_name, status, created_at, expires_at, sealed_secret)
            VALUES ('ASIAAAAAAAAAAAAAAAAA', 'reader', 's1', 'Active', 't', 't', \(sealed))
            """,
            "INSERT INTO iam_access_keys (access_key_id, user_name, status, created_at, sealed_secret) VALUES ('ASIAAAAAAAAAAAAAAAAA', 'alice', 'Active', 't', \(sealed))",
            "INSERT INTO iam_access_keys (access_key_id, user_name, status, created_at, expires_at, sealed_secret) VALUES ('AKIAAAAAAAAAAAAAAAAA', 'alice', 'Active', 't', 't', \(sealed))",
            // Bad id, status, owner that does not exist.
            "INSERT INTO iam_access_keys (access_key_id, user_name, status, created_at, sealed_secret) VALUES ('AKIAaaaaaaaaaaaaaaaa', 'alice', 'Active', 't', \(sealed))",
            "INSERT INTO iam_access_keys (access_key_id, user_name, status, created_at, sealed_secret) VALUES ('AKIAAAAAAAAAAAAAAAA1', 'alice', 'Active', 't', \(sealed))",
            "INSERT INTO iam_access_keys (access_key_id, user_name, status, created_at, sealed_secret) VALUES ('AKIAAAAAAAAAAAAAAAAA', 'alice', 'active', 't', \(sealed))",
            "INSERT INTO iam_access_keys (access_key_id, user_name, status, created_at, sealed_secret) VALUES ('AKIAAAAAAAAAAAAAAAAA', 'bob', 'Active', 't', \(sealed))",
            // Names IAM refuses.
            "INSERT INTO iam_users (name, created_at) VALUES ('a b', 't')",
            "INSERT INTO iam_users (name, created_at) VALUES ('', 't')",
            "INSERT INTO iam_roles (name, created_at) VALUES ('\(String(repeating: "r", count: 65))', 't')",
            "INSERT INTO iam_policies (name, document, updated_at) VALUES ('a/b', '{}', 't')",
            // Attachments with both or no owners, to a missing policy, twice.
            "INSERT INTO iam_policy_attachments (policy_name, user_name, role_name, attached_at) VALUES ('p', 'alice', 'reader', 't')",
            "INSERT INTO iam_policy_attachments (policy_name, attached_at) VALUES ('p', 't')",
            "INSERT INTO iam_policy_attachments (policy_name, user_name, attached_at) VALUES ('q', 'alice', 't')",
            "INSERT INTO iam_policy_attachments (policy_name, user_name, attached_at) VALUES ('p', 'alice', 't'), ('p', 'alice', 't')",
        ]
        for statement in refused {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertNotEqual(outcome.status, 0, "accepted: \(statement)")
            XCTAssertTrue(outcome.standardError.contains("constraint failed"), outcome.description)
        }
        // The same rows written correctly are accepted, so the refusals above are the constraints' doing.
        for statement in [
            "INSERT INTO iam_access_keys (access_key_id, user_name, status, created_at, sealed_secret) VALUES ('AKIAAAAAAAAAAAAAAAAA', 'alice', 'Active', 't', \(sealed))",
            "INSERT INTO iam_policy_attachments (policy_name, user_name, attached_at) VALUES ('p', 'alice', 't')",
        ] {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
        }
        // A policy still attached cannot be deleted behind the store's back.
        XCTAssertNotEqual(try runSQL("DELETE FROM iam_policies WHERE name = 'p'", on: store.databasePath).status, 0)
    }

    func testARowThatDoesNotReadBackFailsTheSnapshot() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamUser("alice", actor: "test")
        let key = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "test").accessKey
        XCTAssertNoThrow(try store.snapshot())
        let outcome = try runSQL(
            "UPDATE iam_access_keys SET sealed_secret = x'\(String(repeating: "ab", count: 60))' WHERE access_key_id = '\(key.accessKeyId)'",
            on: store.databasePath
        )
        XCTAssertEqual(outcome.status, 0, outcome.description)
        XCTAssertThrowsError(try store.snapshot()) { error in
            guard case .corruptStore(let what) = error as? PolicyStoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(what.contains("iam_access_keys"), what)
        }
    }

    private func migrations(_ path: String) throws -> [String] {
        let outcome = try runSQL("SELECT identifier FROM grdb_migrations ORDER BY identifier", on: path)
        XCTAssertEqual(outcome.status, 0, outcome.description)
        return outcome.standardOutput.split(separator: "\n").map(String.init)
    }
}
