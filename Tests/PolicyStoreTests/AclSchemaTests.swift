import Authorization
import Foundation
import PolicyStore
import XCTest

/// Migration 3 (`acls`, `network_rules`) and what its constraints and the row readers refuse.
final class AclSchemaTests: XCTestCase {
    func testAVersion2DatabaseIsMigratedAndKeepsItsData() throws {
        let dataDirectory = try makeDataDirectory()
        let store = try PolicyStore(dataDirectory: dataDirectory)
        let alice = try store.addPrincipal("alice", actor: "test")
        try store.setScramCredential(try testCredential(), for: "alice", actor: "test")
        let before = try store.snapshot()
        let changes = try store.adminChanges()
        // Back to version 2: migration 3 only adds these two tables (migration 4 only the IAM tables, 5 the quotas).
        let iamTables = ["iam_policy_attachments", "iam_access_keys", "iam_policies", "iam_users", "iam_roles"]
        for statement in ["DROP TABLE client_quotas", "DELETE FROM grdb_migrations WHERE identifier = '5-client-quotas'"]
            + iamTables.map({ "DROP TABLE \($0)" }) + [
            "DELETE FROM grdb_migrations WHERE identifier = '4-iam-identities-policies'",
            "DROP TABLE acls", "DROP TABLE network_rules", "DELETE FROM grdb_migrations WHERE identifier = '3-acls-network-rules'",
        ] {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
        }
        XCTAssertEqual(try migrations(store.databasePath), ["1-principals-scram-admin-changes", "2-unknown-user-secret"])

        let migrated = try PolicyStore(dataDirectory: dataDirectory)
        XCTAssertFalse(migrated.wasCreated)
        XCTAssertEqual(
            try migrations(store.databasePath),
            ["1-principals-scram-admin-changes", "2-unknown-user-secret", "3-acls-network-rules", "4-iam-identities-policies", "5-client-quotas"]
        )
        let after = try migrated.snapshot()
        XCTAssertEqual(after, before)
        XCTAssertEqual(after.principals, ["alice": alice])
        XCTAssertEqual(try migrated.adminChanges(), changes)
        try migrated.addAcls([acl()], actor: "test")
        try migrated.addNetworkRule(try networkRule(), actor: "test")
        XCTAssertEqual(try migrated.snapshot().acls, [acl()])
        XCTAssertEqual(try migrated.snapshot().networkRules, [try networkRule()])
    }

    func testHandEditedAclRowsOutsideTheVocabularyAreRefused() throws {
        let store = try makeStore()
        let valid = ["'Topic'", "'LITERAL'", "'orders'", "'User:alice'", "'*'", "'Read'", "'ALLOW'"]
        let invalid: [(column: Int, value: String)] = [
            (0, "'TOPIC'"), (0, "'User'"), (1, "'literal'"), (1, "'MATCH'"), (2, "''"), (2, "'a' || char(10)"),
            (3, "'alice'"), (3, "'Group:ops'"), (3, "'User:'"), (3, "'User:' || char(27)"), (3, "'User:' || printf('%.256c', 'x')"),
            (4, "'host.example'"), (4, "'10.0.0.1/8'"), (4, "'2001:DB8::1'"), (5, "'READ'"), (5, "'Any'"), (6, "'Allow'"),
        ]
        for (column, value) in invalid {
            var values = valid
            values[column] = value
            let outcome = try runSQL("INSERT INTO acls VALUES (\(values.joined(separator: ", ")))", on: store.databasePath)
            XCTAssertNotEqual(outcome.status, 0, value)
            XCTAssertTrue(outcome.standardError.contains("CHECK constraint failed"), outcome.description)
        }
        XCTAssertEqual(try store.listAcls(), [])

        let insert = "INSERT INTO acls VALUES (\(valid.joined(separator: ", ")))"
        XCTAssertEqual(try runSQL(insert, on: store.databasePath).status, 0, "a valid row written by hand")
        XCTAssertEqual(try store.listAcls(), [acl()])
        let duplicate = try runSQL(insert, on: store.databasePath)
        XCTAssertTrue(duplicate.standardError.contains("UNIQUE constraint failed"), duplicate.description)
        XCTAssertEqual(try store.addAcls([acl()], actor: "test"), [], "the hand-written row is the same ACL")
    }

    func testHandEditedNetworkRuleRowsOutsideTheVocabularyAreRefused() throws {
        let store = try makeStore()
        let valid = ["'orders'", "'PREFIXED'", "'10.0.0.0/8'", "'Read,Write'"]
        let invalid: [(column: Int, value: String)] = [
            (0, "''"), (0, "char(127)"), (1, "'ANY'"), (2, "'10.0.0.0'"), (2, "'/8'"), (2, "'10.0.0.0/x'"), (2, "'2001:DB8::/32'"),
            (3, "''"), (3, "'read'"), (3, "'Read,,Write'"), (3, "'Read,Read'"), (3, "'All,Read'"), (3, "'IdempotentWrite'"),
        ]
        for (column, value) in invalid {
            var values = valid
            values[column] = value
            let outcome = try runSQL("INSERT INTO network_rules VALUES (\(values.joined(separator: ", ")))", on: store.databasePath)
            XCTAssertNotEqual(outcome.status, 0, value)
            XCTAssertTrue(outcome.standardError.contains("CHECK constraint failed"), outcome.description)
        }
        let insert = try runSQL("INSERT INTO network_rules VALUES (\(valid.joined(separator: ", ")))", on: store.databasePath)
        XCTAssertEqual(insert.status, 0, insert.description)
        XCTAssertEqual(try store.listNetworkRules(), [try networkRule("orders", .prefixed, operations: [.read, .write])])
    }

    /// Rows the CHECKs cannot tell from good ones fail every read of the whole policy: a snapshot
    /// without them could lack a DENY or a network rule.
    func testARowThatDoesNotReadBackFailsTheSnapshotLoudly() throws {
        let store = try makeStore()
        try store.addAcls([acl(permission: .deny)], actor: "test")
        try store.addNetworkRule(try networkRule(), actor: "test")
        let damage: [(insert: String, table: String, expected: String)] = [
            ("INSERT INTO acls VALUES ('Topic', 'LITERAL', 'x', 'User:alice', '::ffff:10.0.0.1', 'Read', 'DENY')", "acls",
             "a row of acls has a value in its host column that the store would not write"),
            ("INSERT INTO acls VALUES ('Topic', 'LITERAL', 'x', 'User:alice', '10.0.0.256', 'Read', 'DENY')", "acls",
             "a row of acls has a value in its host column that the store would not write"),
            ("INSERT INTO acls VALUES ('Topic', 'LITERAL', 'x', 'User:e' || char(769) || 've', '*', 'Read', 'DENY')", "acls",
             "an ACL for Topic is one the store would refuse: the principal's name is invalid: it is not in Unicode normalization form C (NFC)"),
            ("INSERT INTO network_rules VALUES ('x', 'LITERAL', '10.0.0.1/8', 'All')", "network_rules",
             "a row of network_rules has a value in its cidr column that the store would not write"),
            ("INSERT INTO network_rules VALUES ('x', 'LITERAL', '10.0.0.0/8', 'Write,Read')", "network_rules",
             "a row of network_rules has a value in its operations column that the store would not write"),
        ]
        for (insert, table, expected) in damage {
            let outcome = try runSQL(insert, on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
            XCTAssertThrowsPolicyStoreError(.corruptStore(expected)) { try store.snapshot() }
            if table == "acls" {
                XCTAssertThrowsPolicyStoreError(.corruptStore(expected)) { try store.listAcls() }
                XCTAssertThrowsPolicyStoreError(.corruptStore(expected)) { try store.removeAcls(actor: "test") { _ in true } }
            } else {
                XCTAssertThrowsPolicyStoreError(.corruptStore(expected)) { try store.listNetworkRules() }
            }
            XCTAssertEqual(try runSQL("DELETE FROM \(table) WHERE \(table == "acls" ? "resource_name" : "topic") = 'x'", on: store.databasePath).status, 0)
        }
        XCTAssertEqual(try store.snapshot().acls, [acl(permission: .deny)], "the failed removal removed nothing")
        XCTAssertEqual(try store.adminChanges().map(\.action), [.aclAdd, .networkRuleAdd])
    }

    private func migrations(_ path: String) throws -> [String] {
        let outcome = try runSQL("SELECT identifier FROM grdb_migrations ORDER BY identifier", on: path)
        XCTAssertEqual(outcome.status, 0, outcome.description)
        return outcome.standardOutput.split(separator: "\n").map(String.init)
    }
}
