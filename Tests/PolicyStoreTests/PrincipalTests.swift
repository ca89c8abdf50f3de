import Foundation
import PolicyStore
import XCTest

final class PrincipalTests: XCTestCase {
    func testAddedPrincipalIsEnabledAndListed() throws {
        let store = try makeStore()
        let before = Date()
        let alice = try store.addPrincipal("alice", actor: "test")
        XCTAssertEqual(alice.name, "alice")
        XCTAssertEqual(alice.kafkaPrincipal, "User:alice")
        XCTAssertTrue(alice.enabled)
        XCTAssertFalse(alice.superUser)
        XCTAssertEqual(alice.createdAt.timeIntervalSince1970, before.timeIntervalSince1970, accuracy: 2)
        // The returned value is exactly what is read back, milliseconds included.
        XCTAssertEqual(try store.principal(named: "alice"), alice)
        XCTAssertEqual(try store.listPrincipals(), [alice])
    }

    func testListIsOrderedByName() throws {
        let store = try makeStore()
        for name in ["mallory", "alice", "bob"] {
            try store.addPrincipal(name, superUser: name == "bob", actor: "test")
        }
        let listed = try store.listPrincipals()
        XCTAssertEqual(listed.map(\.name), ["alice", "bob", "mallory"])
        XCTAssertEqual(listed.map(\.superUser), [false, true, false])
    }

    func testAddingAnExistingNameIsRefusedAndChangesNothing() throws {
        let store = try makeStore()
        let original = try store.addPrincipal("alice", superUser: true, actor: "test")
        XCTAssertThrowsPolicyStoreError(.duplicatePrincipal("alice")) { try store.addPrincipal("alice", actor: "test") }
        XCTAssertEqual(try store.listPrincipals(), [original])
    }

    func testNamesAreCaseSensitiveAsInKafka() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        try store.addPrincipal("Alice", actor: "test")
        XCTAssertEqual(try store.listPrincipals().map(\.name), ["Alice", "alice"])
    }

    func testRemovedPrincipalIsGone() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        try store.addPrincipal("bob", actor: "test")
        try store.removePrincipal("alice", actor: "test")
        XCTAssertNil(try store.principal(named: "alice"))
        XCTAssertEqual(try store.listPrincipals().map(\.name), ["bob"])
    }

    func testUnknownPrincipalsAreReportedByName() throws {
        let store = try makeStore()
        XCTAssertThrowsPolicyStoreError(.unknownPrincipal("carol")) { try store.removePrincipal("carol", actor: "test") }
        XCTAssertThrowsPolicyStoreError(.unknownPrincipal("carol")) { try store.setEnabled(false, for: "carol", actor: "test") }
        XCTAssertNil(try store.principal(named: "carol"))
        XCTAssertEqual(PolicyStoreError.unknownPrincipal("carol").description, "no principal User:carol")
    }

    func testDisablingAndEnablingKeepTheRestOfThePrincipal() throws {
        let store = try makeStore()
        let added = try store.addPrincipal("alice", superUser: true, actor: "test")
        try store.setEnabled(false, for: "alice", actor: "test")
        let disabled = try XCTUnwrap(store.principal(named: "alice"))
        XCTAssertFalse(disabled.enabled)
        XCTAssertEqual(disabled.superUser, true)
        XCTAssertEqual(disabled.createdAt, added.createdAt)
        XCTAssertEqual(try store.snapshot().principal(named: "alice")?.enabled, false)
        try store.setEnabled(true, for: "alice", actor: "test")
        XCTAssertEqual(try store.principal(named: "alice"), added)
    }

    func testSnapshotHoldsEveryPrincipalByName() throws {
        let store = try makeStore()
        let alice = try store.addPrincipal("alice", actor: "test")
        let bob = try store.addPrincipal("bob", superUser: true, actor: "test")
        let snapshot = try store.snapshot()
        XCTAssertEqual(snapshot.principals, ["alice": alice, "bob": bob])
        XCTAssertEqual(snapshot.principal(named: "bob"), bob)
        XCTAssertNil(snapshot.principal(named: "carol"))
    }
}
