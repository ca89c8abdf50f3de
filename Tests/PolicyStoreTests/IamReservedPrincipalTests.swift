import Authentication
import Foundation
import PolicyStore
import XCTest

/// `User:arn:…` is how IAM principals appear in ACLs and the decision log: the store makes no
/// principal or credential of a name starting `arn:`, so none can pass for an IAM identity, and a
/// snapshot never reports one, even a row written before the reservation (as for `ANONYMOUS`).
final class IamReservedPrincipalTests: XCTestCase {
    private let arns = [
        "arn:aws:iam::000000000000:user/alice",
        "arn:aws:sts::000000000000:assumed-role/reader/nightly-batch",
        "arn:",
        "arn:partition-of-nothing",
    ]

    func testTheMessageSaysItIsAnIamPrincipalsForm() {
        XCTAssertEqual(
            PolicyStoreError.reservedPrincipalName("arn:aws:iam::000000000000:user/alice").description,
            "User:arn:aws:iam::000000000000:user/alice is an IAM principal's form (names starting with 'arn:' are reserved); choose another name"
        )
        XCTAssertEqual(PrincipalName.iamPrefix, "arn:")
    }

    func testNeitherAPrincipalNorACredentialCanBeMadeForAnArn() throws {
        let store = try makeStore()
        for name in arns {
            let reserved = PolicyStoreError.reservedPrincipalName(name)
            XCTAssertTrue(reserved.description.contains("IAM principal's form"))
            XCTAssertThrowsPolicyStoreError(reserved) { try store.addPrincipal(name, actor: "test") }
            XCTAssertThrowsPolicyStoreError(reserved) { try store.addPrincipal(name, superUser: true, actor: "test") }
            XCTAssertThrowsPolicyStoreError(reserved) { try store.setScramCredential(try testCredential(), for: name, actor: "test") }
            XCTAssertThrowsPolicyStoreError(reserved) { try store.setEnabled(true, for: name, actor: "test") }
            XCTAssertThrowsPolicyStoreError(reserved) { try PrincipalName.requireUnreserved(name) }
        }
        let outcomes = try store.applyScramCredentialChanges(
            arns.map { .upsert(try! testCredential(), principal: $0) } + [.upsert(try testCredential(), principal: "dave")], actor: "ops"
        )
        XCTAssertEqual(outcomes, arns.map { .reservedPrincipalName($0) } + [nil])
        XCTAssertEqual(try store.listPrincipals().map(\.name), ["dave"])
        XCTAssertEqual(try store.adminChanges().map(\.action), [.userAdd, .scramSet])
    }

    func testADeclaredArnUserIsRefusedWhole() throws {
        let store = try makeStore()
        let declared = DeclaredPolicy(users: DeclaredUsers(
            [DeclaredUser(name: "alice"), DeclaredUser(name: "arn:aws:iam::000000000000:user/alice")], removesUnlisted: false
        ))
        let reserved = PolicyStoreError.reservedPrincipalName("arn:aws:iam::000000000000:user/alice")
        XCTAssertThrowsPolicyStoreError(reserved) { try store.apply(declared, actor: "gitops") }
        XCTAssertEqual(try store.listPrincipals(), [])
    }

    func testNamesThatOnlyContainOrResembleArnAreOrdinary() throws {
        let store = try makeStore()
        for name in ["ARN:aws:iam::000000000000:user/alice", "Arn:x", "myarn:x", " arn:x", "arn"] {
            try store.addPrincipal(name, actor: "test")
            try store.setScramCredential(try testCredential(), for: name, actor: "test")
            let snapshot = try store.snapshot()
            XCTAssertEqual(snapshot.principal(named: name)?.enabled, true, name.debugDescription)
            XCTAssertNotNil(snapshot.scramCredential(for: name, mechanism: .sha512), name.debugDescription)
        }
    }

    /// A row written before the reservation (or with `sqlite3`): never reported, never enabled
    /// again, never given a credential, and still removable.
    func testARowThatPredatesTheReservationIsNeverReported() throws {
        let store = try makeStore()
        let alice = try store.addPrincipal("alice", actor: "test")
        try store.setScramCredential(try testCredential(), for: "alice", actor: "test")
        let legacy = "arn:aws:iam::000000000000:user/alice"
        try insertLegacyRow(named: legacy, into: store)
        XCTAssertEqual(try store.principal(named: legacy)?.superUser, true, "the row is in the store")

        let snapshot = try store.snapshot()
        XCTAssertNil(snapshot.principal(named: legacy))
        XCTAssertNil(snapshot.scramCredential(for: legacy, mechanism: .sha512))
        XCTAssertEqual(snapshot.principals, ["alice": alice])
        XCTAssertEqual(Array(snapshot.scramCredentials.keys), ["alice"])

        let reserved = PolicyStoreError.reservedPrincipalName(legacy)
        XCTAssertThrowsPolicyStoreError(reserved) { try store.setEnabled(true, for: legacy, actor: "test") }
        XCTAssertThrowsPolicyStoreError(reserved) { try store.setScramCredential(try testCredential(), for: legacy, actor: "test") }
        try store.setEnabled(false, for: legacy, actor: "test")
        try store.removePrincipal(legacy, actor: "test")
        XCTAssertNil(try store.principal(named: legacy))
        XCTAssertEqual(try store.adminChanges().map(\.action), [.userAdd, .scramSet, .userDisable, .userRemove])
    }

    func testTheWatchedSnapshotsLeaveItOutToo() async throws {
        let store = try makeStore()
        try insertLegacyRow(named: "arn:aws:iam::000000000000:user/alice", into: store)
        for try await first in store.snapshots(pollingEvery: .milliseconds(10)) {
            XCTAssertEqual(first.principals, [:])
            XCTAssertEqual(first.scramCredentials, [:])
            return
        }
        XCTFail("the watcher ended without a snapshot")
    }

    func testASnapshotMadeInMemoryLeavesItOut() throws {
        let name = "arn:aws:sts::000000000000:assumed-role/reader/nightly-batch"
        let snapshot = PolicySnapshot(
            principals: [name: Principal(name: name, enabled: true, superUser: true, createdAt: Date())],
            scramCredentials: [name: [.sha512: try testCredential()]]
        )
        XCTAssertEqual(snapshot, .empty)
        XCTAssertNil(snapshot.principal(named: name))
        XCTAssertNil(snapshot.scramCredential(for: name, mechanism: .sha512))
    }

    /// An enabled super user named `name` with a SCRAM-SHA-512 credential, written past the store's API.
    private func insertLegacyRow(named name: String, into store: PolicyStore) throws {
        let statements = [
            "INSERT INTO principals (name, enabled, super_user, created_at) VALUES ('\(name)', 1, 1, '2025-01-01T00:00:00.000Z')",
            """
            INSERT INTO scram_credentials (principal, mechanism, salt, iterations, stored_key, server_key, updated_at)
            VALUES ('\(name)', 'SCRAM-SHA-512', randomblob(32), 4096, randomblob(64), randomblob(64), '2025-01-01T00:00:00.000Z')
            """,
        ]
        for statement in statements {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertEqual(outcome.status, 0, outcome.description)
        }
    }
}
