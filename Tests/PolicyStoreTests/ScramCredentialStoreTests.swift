import Authentication
import PolicyStore
import XCTest

final class ScramCredentialStoreTests: XCTestCase {
    func testStoredCredentialReadsBackUnchanged() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let sha512 = try testCredential(.sha512)
        let sha256 = try testCredential(.sha256)
        try store.setScramCredential(sha512, for: "alice", actor: "test")
        try store.setScramCredential(sha256, for: "alice", actor: "test")
        XCTAssertEqual(try store.scramCredential(for: "alice", mechanism: .sha512), sha512)
        XCTAssertEqual(try store.scramCredential(for: "alice", mechanism: .sha256), sha256)
        XCTAssertEqual(try store.snapshot().scramCredentials, ["alice": [.sha512: sha512, .sha256: sha256]])
    }

    func testSettingAgainReplacesTheCredentialForThatMechanismOnly() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let sha256 = try testCredential(.sha256)
        try store.setScramCredential(sha256, for: "alice", actor: "test")
        try store.setScramCredential(try testCredential(.sha512, password: "old"), for: "alice", actor: "test")
        let replacement = try ScramCredential.derive(
            mechanism: .sha512, password: Array("new".utf8), salt: Array("another salt".utf8), iterations: 8192
        )
        try store.setScramCredential(replacement, for: "alice", actor: "test")
        XCTAssertEqual(try store.scramCredential(for: "alice", mechanism: .sha512), replacement)
        XCTAssertEqual(try store.scramCredential(for: "alice", mechanism: .sha256), sha256)
        let rows = try runSQL("SELECT count(*) FROM scram_credentials", on: store.databasePath)
        XCTAssertEqual(rows.standardOutput, "2\n", rows.description)
    }

    func testRemovingAPrincipalRemovesItsCredentials() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        try store.addPrincipal("bob", actor: "test")
        try store.setScramCredential(try testCredential(.sha512), for: "alice", actor: "test")
        try store.setScramCredential(try testCredential(.sha256), for: "alice", actor: "test")
        try store.setScramCredential(try testCredential(.sha512), for: "bob", actor: "test")
        try store.removePrincipal("alice", actor: "test")
        XCTAssertNil(try store.scramCredential(for: "alice", mechanism: .sha512))
        let rows = try runSQL("SELECT principal, mechanism FROM scram_credentials", on: store.databasePath)
        XCTAssertEqual(rows.standardOutput, "bob|SCRAM-SHA-512\n", rows.description)
        // A new principal of the same name starts without the old credentials.
        try store.addPrincipal("alice", actor: "test")
        XCTAssertNil(try store.snapshot().scramCredentials["alice"])
    }

    func testDeletingACredential() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        try store.setScramCredential(try testCredential(.sha512), for: "alice", actor: "test")
        try store.deleteScramCredential(.sha512, for: "alice", actor: "test")
        XCTAssertNil(try store.scramCredential(for: "alice", mechanism: .sha512))
        XCTAssertThrowsPolicyStoreError(.unknownScramCredential(principal: "alice", mechanism: .sha512)) {
            try store.deleteScramCredential(.sha512, for: "alice", actor: "test")
        }
        XCTAssertThrowsPolicyStoreError(.unknownPrincipal("bob")) { try store.deleteScramCredential(.sha512, for: "bob", actor: "test") }
        XCTAssertNotNil(try store.principal(named: "alice"))
    }

    func testCredentialForAnUnknownPrincipalIsRefused() throws {
        let store = try makeStore()
        XCTAssertThrowsPolicyStoreError(.unknownPrincipal("bob")) {
            try store.setScramCredential(try testCredential(), for: "bob", actor: "test")
        }
        XCTAssertNil(try store.scramCredential(for: "bob", mechanism: .sha512))
    }

    func testMalformedCredentialsAreRefusedWithoutEchoingTheirBytes() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let valid = try testCredential(.sha256)
        let malformed: [(ScramCredential, String)] = [
            (ScramCredential(mechanism: .sha256, salt: valid.salt, iterations: 4095, storedKey: valid.storedKey, serverKey: valid.serverKey),
             "4095 iterations is outside 4096...16384"),
            (ScramCredential(mechanism: .sha256, salt: valid.salt, iterations: 16385, storedKey: valid.storedKey, serverKey: valid.serverKey),
             "16385 iterations is outside 4096...16384"),
            (ScramCredential(mechanism: .sha256, salt: [], iterations: 4096, storedKey: valid.storedKey, serverKey: valid.serverKey),
             "the salt must be 1 to 1024 bytes"),
            (ScramCredential(mechanism: .sha512, salt: valid.salt, iterations: 4096, storedKey: valid.storedKey, serverKey: valid.serverKey),
             "SCRAM-SHA-512 keys are 64 bytes"),
            (ScramCredential(mechanism: .sha256, salt: valid.salt, iterations: 4096, storedKey: valid.storedKey, serverKey: []),
             "SCRAM-SHA-256 keys are 32 bytes"),
        ]
        for (credential, reason) in malformed {
            XCTAssertThrowsPolicyStoreError(.invalidScramCredential(reason)) {
                try store.setScramCredential(credential, for: "alice", actor: "test")
            }
        }
        XCTAssertEqual(try store.snapshot().scramCredentials, [:])
    }

    func testSnapshotOffersNoCredentialOfADisabledPrincipal() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let credential = try testCredential(.sha512)
        try store.setScramCredential(credential, for: "alice", actor: "test")
        XCTAssertEqual(try store.snapshot().scramCredential(for: "alice", mechanism: .sha512), credential)
        XCTAssertNil(try store.snapshot().scramCredential(for: "alice", mechanism: .sha256))
        XCTAssertNil(try store.snapshot().scramCredential(for: "bob", mechanism: .sha512))

        try store.setEnabled(false, for: "alice", actor: "test")
        let disabled = try store.snapshot()
        XCTAssertNil(disabled.scramCredential(for: "alice", mechanism: .sha512))
        XCTAssertEqual(disabled.scramCredentials["alice"]?[.sha512], credential, "kept, only not offered")
        XCTAssertEqual(try store.scramCredential(for: "alice", mechanism: .sha512), credential)

        try store.setEnabled(true, for: "alice", actor: "test")
        XCTAssertEqual(try store.snapshot().scramCredential(for: "alice", mechanism: .sha512), credential)
    }

    func testRowsEditedByHandIntoSomethingTheStoreWouldRefuseAreReportedAsDamage() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let insert = try runSQL(
            "INSERT INTO principals (name, enabled, super_user, created_at) VALUES ('mallory' || char(10), 1, 1, '2025-01-01T00:00:00.000Z')",
            on: store.databasePath
        )
        XCTAssertEqual(insert.status, 0, insert.description)
        XCTAssertThrowsPolicyStoreError(.corruptStore("a principal has a name the store would refuse")) { try store.snapshot() }
        XCTAssertThrowsPolicyStoreError(.corruptStore("a principal has a name the store would refuse")) { try store.listPrincipals() }
    }

    func testTheSchemaRefusesCredentialsOfTheWrongShape() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let statements = [
            "INSERT INTO scram_credentials VALUES ('alice', 'SCRAM-SHA-1', x'00', 4096, zeroblob(32), zeroblob(32), '')",
            "INSERT INTO scram_credentials VALUES ('alice', 'SCRAM-SHA-256', x'00', 100, zeroblob(32), zeroblob(32), '')",
            "INSERT INTO scram_credentials VALUES ('alice', 'SCRAM-SHA-256', x'00', 4096, zeroblob(31), zeroblob(32), '')",
            "INSERT INTO scram_credentials VALUES ('bob', 'SCRAM-SHA-256', x'00', 4096, zeroblob(32), zeroblob(32), '')",
            "INSERT INTO scram_credentials VALUES ('alice', 'SCRAM-SHA-256', 'salt', 4096, zeroblob(32), zeroblob(32), '')",
        ]
        for statement in statements {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertNotEqual(outcome.status, 0, statement)
        }
        XCTAssertEqual(try store.snapshot().scramCredentials, [:])
    }
}
