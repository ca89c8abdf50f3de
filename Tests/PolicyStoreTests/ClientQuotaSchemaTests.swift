import Foundation
import PolicyStore
import XCTest

/// Migration 5 (client quotas) and what its constraints and the row reader refuse.
final class ClientQuotaSchemaTests: XCTestCase {
    func testAVersion4DatabaseIsMigratedAndKeepsItsData() throws {
        let dataDirectory = try makeDataDirectory()
        let store = try PolicyStore(dataDirectory: dataDirectory)
        try store.addPrincipal("alice", actor: "test")
        try store.setScramCredential(try testCredential(), for: "alice", actor: "test")
        try store.addIamUser("deployer", actor: "test")
        let before = try store.snapshot()
        let changes = try store.adminChanges()
        // Back to version 4: migration 5 only adds the quota table.
        for statement in ["DROP TABLE client_quotas", "DELETE FROM grdb_migrations WHERE identifier = '5-client-quotas'"] {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
        }
        XCTAssertEqual(try migrations(store.databasePath).last, "4-iam-identities-policies")

        let migrated = try PolicyStore(dataDirectory: dataDirectory)
        XCTAssertFalse(migrated.wasCreated)
        XCTAssertEqual(try migrations(store.databasePath).last, "5-client-quotas")
        let after = try migrated.snapshot()
        XCTAssertEqual(after, before)
        XCTAssertEqual(after.quotas, .empty)
        XCTAssertEqual(try migrated.adminChanges(), changes)
        try migrated.setQuotas([.producerByteRate: 1024], of: .user("alice"), actor: "test")
        XCTAssertEqual(try migrated.snapshot().quotas.limit(.producerByteRate, user: "alice"), 1024)
        XCTAssertEqual(try migrated.snapshot().principals.keys.sorted(), ["alice"])
    }

    func testConstraintsRefuseRowsTheApiWouldNotWrite() throws {
        let store = try makeStore()
        let refused = [
            "INSERT INTO client_quotas VALUES ('client-id', 'app', 'producer_byte_rate', 1024.0)",
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'connection_creation_rate', 5.0)",
            "INSERT INTO client_quotas VALUES ('ip', '10.0.0.1', 'producer_byte_rate', 5.0)",
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'controller_mutation_rate', 5.0)",
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'producer_byte_rate', 0.0)",
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'producer_byte_rate', -1.0)",
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'producer_byte_rate', 10.5)",
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'producer_byte_rate', 1e300)",
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'producer_byte_rate', NULL)",
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'producer_byte_rate', 'fast')",
            "INSERT INTO client_quotas VALUES ('user', 'a' || char(10) || 'b', 'producer_byte_rate', 5.0)",
            "INSERT INTO client_quotas VALUES ('ip', 'gateway.example.com', 'connection_creation_rate', 5.0)",
            "INSERT INTO client_quotas VALUES ('ip', '10.0.0.1', 'connection_creation_rate', 5.5)",
            "INSERT INTO client_quotas VALUES ('user', '', 'request_percentage', 5.0), ('user', '', 'request_percentage', 6.0)",
        ]
        for statement in refused {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertNotEqual(outcome.status, 0, "accepted: \(statement)")
        }
        // The same rows written correctly are accepted, so the refusals above are the constraints' doing.
        for statement in [
            "INSERT INTO client_quotas VALUES ('user', 'alice', 'producer_byte_rate', 1024.0)",
            "INSERT INTO client_quotas VALUES ('user', '', 'request_percentage', 12.5)",
            "INSERT INTO client_quotas VALUES ('ip', '10.0.0.1', 'connection_creation_rate', 5.0)",
        ] {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
        }
        XCTAssertEqual(try store.snapshot().quotas.all.count, 3)
        XCTAssertEqual(try store.snapshot().quotas.limit(.requestPercentage, user: "anyone"), 12.5)
    }

    func testARowThatDoesNotReadBackFailsTheSnapshot() throws {
        var readerRefusals = 0
        for row in [
            "('ip', '::ffff:10.0.0.1', 'connection_creation_rate', 5.0)",  // the store keeps 10.0.0.1
            "('ip', '1.2.3', 'connection_creation_rate', 5.0)",
            "('user', 'e\u{301}', 'producer_byte_rate', 5.0)",  // not NFC
        ] {
            let store = try makeStore()
            try store.setQuotas([.producerByteRate: 1024], of: .user("alice"), actor: "test")
            XCTAssertNoThrow(try store.snapshot())
            let outcome = try runSQL("INSERT INTO client_quotas VALUES \(row)", on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
            readerRefusals += 1
            XCTAssertThrowsError(try store.snapshot(), row) { error in
                guard case .corruptStore(let what) = error as? PolicyStoreError else { return XCTFail("\(error)") }
                XCTAssertTrue(what.contains("client_quotas"), what)
            }
            XCTAssertThrowsError(try store.listQuotas(), row)
        }
        XCTAssertEqual(readerRefusals, 3)
    }

    private func migrations(_ path: String) throws -> [String] {
        let outcome = try runSQL("SELECT identifier FROM grdb_migrations ORDER BY identifier", on: path)
        XCTAssertEqual(outcome.status, 0, outcome.description)
        return outcome.standardOutput.split(separator: "\n").map(String.init)
    }
}
