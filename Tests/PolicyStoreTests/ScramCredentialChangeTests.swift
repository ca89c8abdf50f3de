import Authentication
import PolicyStore
import XCTest

final class ScramCredentialChangeTests: XCTestCase {
    func testChangesAreMadeTogetherCreatingUnknownPrincipalsAndRecorded() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", superUser: true, actor: "test")
        try store.setScramCredential(try testCredential(.sha256), for: "alice", actor: "test")
        let outcomes = try store.applyScramCredentialChanges([
            .delete(.sha256, principal: "alice"),
            .upsert(try testCredential(.sha512), principal: "alice"),
            .upsert(try testCredential(.sha512, password: "bob's"), principal: "bob"),
        ], actor: "ops")
        XCTAssertEqual(outcomes, [nil, nil, nil])
        XCTAssertEqual(try store.snapshot().scramCredentials, [
            "alice": [.sha512: try testCredential(.sha512)], "bob": [.sha512: try testCredential(.sha512, password: "bob's")],
        ])
        XCTAssertEqual(try store.principal(named: "alice")?.superUser, true, "an existing principal stays as it was")
        let bob = try XCTUnwrap(try store.principal(named: "bob"))
        XCTAssertEqual([bob.enabled, bob.superUser], [true, false])
        let changes = try store.adminChanges().filter { $0.actor == "ops" }
        XCTAssertEqual(changes.map(\.action), [.scramDelete, .scramSet, .userAdd, .scramSet])
        XCTAssertEqual(changes.map(\.subject), ["User:alice", "User:alice", "User:bob", "User:bob"])
    }

    func testARefusedOrMissingChangeIsPassedOverWithoutStoppingTheOthers() throws {
        let store = try makeStore()
        let emptySalt = ScramCredential(mechanism: .sha256, salt: [], iterations: 4096, storedKey: Array(repeating: 1, count: 32),
                                        serverKey: Array(repeating: 2, count: 32))
        let outcomes = try store.applyScramCredentialChanges([
            .upsert(try testCredential(), principal: PrincipalName.anonymous),
            .delete(.sha512, principal: "nobody"),
            .upsert(try testCredential(), principal: "bell\u{7}"),
            .upsert(emptySalt, principal: "carol"),
            .upsert(try testCredential(), principal: "dave"),
        ], actor: "ops")
        XCTAssertEqual(outcomes, [
            .reservedPrincipalName(PrincipalName.anonymous),
            .unknownPrincipal("nobody"),
            .invalidPrincipalName(.controlCharacter),
            .invalidScramCredential("the salt must be 1 to 1024 bytes"),
            nil,
        ])
        XCTAssertEqual(try store.listPrincipals().map(\.name), ["dave"])
        XCTAssertEqual(try store.adminChanges().map(\.action), [.userAdd, .scramSet])
    }

    func testAnInvalidActorRefusesTheWholeBatch() throws {
        let store = try makeStore()
        XCTAssertThrowsPolicyStoreError(.invalidActor(.empty)) {
            try store.applyScramCredentialChanges([.upsert(try testCredential(), principal: "alice")], actor: "")
        }
        XCTAssertEqual(try store.listPrincipals(), [])
    }
}
