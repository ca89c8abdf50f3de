import Authentication
import Foundation
import PolicyStore
import XCTest

/// `User:ANONYMOUS` belongs to clients that did not authenticate: the store makes nothing of that
/// name usable, and a snapshot never reports one, even a row written before the name was reserved.
final class ReservedPrincipalTests: XCTestCase {
    private let reserved = PolicyStoreError.reservedPrincipalName("ANONYMOUS")

    func testTheReservedNameIsKafkasAnonymousPrincipal() {
        XCTAssertEqual(PrincipalName.anonymous, "ANONYMOUS")
        XCTAssertEqual(reserved.description, "User:ANONYMOUS is reserved for clients that did not authenticate; choose another name")
    }

    func testNeitherAPrincipalNorACredentialCanBeMadeForIt() throws {
        let store = try makeStore()
        XCTAssertThrowsPolicyStoreError(reserved) { try store.addPrincipal(PrincipalName.anonymous, actor: "test") }
        XCTAssertThrowsPolicyStoreError(reserved) { try store.addPrincipal(PrincipalName.anonymous, superUser: true, actor: "test") }
        // Reported as reserved rather than unknown, so the answer does not change once a row exists.
        XCTAssertThrowsPolicyStoreError(reserved) {
            try store.setScramCredential(try testCredential(), for: PrincipalName.anonymous, actor: "test")
        }
        XCTAssertThrowsPolicyStoreError(reserved) { try store.setEnabled(true, for: PrincipalName.anonymous, actor: "test") }
        XCTAssertEqual(try store.listPrincipals(), [])
        XCTAssertEqual(try store.adminChanges(), [])
    }

    func testOtherSpellingsAreOrdinaryNamesAsInKafka() throws {
        let store = try makeStore()
        for name in ["anonymous", "Anonymous", "ANONYMOUS2", "ANONYMOUS "] {
            try store.addPrincipal(name, actor: "test")
            try store.setScramCredential(try testCredential(), for: name, actor: "test")
            let snapshot = try store.snapshot()
            XCTAssertEqual(snapshot.principal(named: name)?.enabled, true, name.debugDescription)
            XCTAssertNotNil(snapshot.scramCredential(for: name, mechanism: .sha512), name.debugDescription)
        }
    }

    /// A row written before the reservation (or with `sqlite3`): never reported, never enabled again,
    /// never given a credential, and still removable.
    func testARowThatPredatesTheReservationIsNeverReported() throws {
        let store = try makeStore()
        let alice = try store.addPrincipal("alice", actor: "test")
        try store.setScramCredential(try testCredential(), for: "alice", actor: "test")
        try insertLegacyAnonymousRow(into: store)
        XCTAssertEqual(try store.principal(named: PrincipalName.anonymous)?.superUser, true, "the row is in the store")

        let snapshot = try store.snapshot()
        XCTAssertNil(snapshot.principal(named: PrincipalName.anonymous))
        XCTAssertNil(snapshot.scramCredential(for: PrincipalName.anonymous, mechanism: .sha512))
        XCTAssertEqual(snapshot.principals, ["alice": alice])
        XCTAssertEqual(Array(snapshot.scramCredentials.keys), ["alice"])

        XCTAssertThrowsPolicyStoreError(reserved) { try store.setEnabled(true, for: PrincipalName.anonymous, actor: "test") }
        XCTAssertThrowsPolicyStoreError(reserved) {
            try store.setScramCredential(try testCredential(), for: PrincipalName.anonymous, actor: "test")
        }
        try store.setEnabled(false, for: PrincipalName.anonymous, actor: "test")
        try store.removePrincipal(PrincipalName.anonymous, actor: "test")
        XCTAssertNil(try store.principal(named: PrincipalName.anonymous))
        XCTAssertEqual(try store.adminChanges().map(\.action), [.userAdd, .scramSet, .userDisable, .userRemove])
    }

    func testTheWatchedSnapshotsLeaveItOutToo() async throws {
        let store = try makeStore()
        try insertLegacyAnonymousRow(into: store)
        for try await first in store.snapshots(pollingEvery: .milliseconds(10)) {
            XCTAssertEqual(first.principals, [:])
            XCTAssertEqual(first.scramCredentials, [:])
            return
        }
        XCTFail("the watcher ended without a snapshot")
    }

    func testASnapshotMadeInMemoryLeavesItOut() throws {
        let anonymous = Principal(name: PrincipalName.anonymous, enabled: true, superUser: true, createdAt: Date())
        let snapshot = PolicySnapshot(
            principals: [PrincipalName.anonymous: anonymous],
            scramCredentials: [PrincipalName.anonymous: [.sha512: try testCredential()]]
        )
        XCTAssertEqual(snapshot, .empty)
        XCTAssertNil(snapshot.principal(named: PrincipalName.anonymous))
    }

    /// An enabled super user ANONYMOUS with a SCRAM-SHA-512 credential, written past the store's API.
    private func insertLegacyAnonymousRow(into store: PolicyStore) throws {
        let statements = [
            "INSERT INTO principals (name, enabled, super_user, created_at) VALUES ('ANONYMOUS', 1, 1, '2025-01-01T00:00:00.000Z')",
            """
            INSERT INTO scram_credentials (principal, mechanism, salt, iterations, stored_key, server_key, updated_at)
            VALUES ('ANONYMOUS', 'SCRAM-SHA-512', randomblob(32), 4096, randomblob(64), randomblob(64), '2025-01-01T00:00:00.000Z')
            """,
        ]
        for statement in statements {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
        }
    }
}
