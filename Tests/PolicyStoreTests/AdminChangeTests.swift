import Authentication
import Foundation
import PolicyStore
import XCTest

final class AdminChangeTests: XCTestCase {
    func testEveryMutationRecordsWhoWhatAndWhen() throws {
        let store = try makeStore()
        let before = Date()
        try store.addPrincipal("alice", superUser: true, actor: "ops-alice")
        try store.setScramCredential(try testCredential(.sha512), for: "alice", actor: "ops-bob")
        try store.setScramCredential(try testCredential(.sha256), for: "alice", actor: "ops-bob")
        try store.setEnabled(false, for: "alice", actor: "ops-carol")
        try store.setEnabled(true, for: "alice", actor: "ops-carol")
        try store.deleteScramCredential(.sha256, for: "alice", actor: "ops-dave")
        try store.removePrincipal("alice", actor: "ops-erin")
        let after = Date()

        let changes = try store.adminChanges()
        XCTAssertEqual(changes.map(\.action), [.userAdd, .scramSet, .scramSet, .userDisable, .userEnable, .scramDelete, .userRemove])
        XCTAssertEqual(changes.map(\.action.rawValue), [
            "user.add", "scram.set", "scram.set", "user.disable", "user.enable", "scram.delete", "user.remove",
        ])
        XCTAssertEqual(changes.map(\.actor), ["ops-alice", "ops-bob", "ops-bob", "ops-carol", "ops-carol", "ops-dave", "ops-erin"])
        XCTAssertEqual(Set(changes.map(\.subject)), ["User:alice"])
        XCTAssertEqual(changes.map(\.details), [
            #"{"superUser":true}"#,
            #"{"iterations":4096,"mechanism":"SCRAM-SHA-512"}"#,
            #"{"iterations":4096,"mechanism":"SCRAM-SHA-256"}"#,
            "{}",
            "{}",
            #"{"mechanism":"SCRAM-SHA-256"}"#,
            #"{"scramMechanisms":["SCRAM-SHA-512"]}"#,
        ])
        XCTAssertEqual(changes.map(\.id), changes.map(\.id).sorted())
        XCTAssertEqual(Set(changes.map(\.id)).count, changes.count)
        for change in changes {
            XCTAssertGreaterThanOrEqual(change.at, before.addingTimeInterval(-0.001))
            XCTAssertLessThanOrEqual(change.at, after)
        }
    }

    func testTimesAreUTCISO8601WithMilliseconds() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let row = try runSQL("SELECT at FROM admin_changes", on: store.databasePath)
        XCTAssertNotNil(
            row.standardOutput.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\n/#), row.standardOutput
        )
    }

    func testARefusedMutationRecordsNothing() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        _ = try? store.addPrincipal("alice", actor: "test")
        _ = try? store.removePrincipal("bob", actor: "test")
        _ = try? store.setEnabled(false, for: "bob", actor: "test")
        _ = try? store.setScramCredential(try testCredential(), for: "bob", actor: "test")
        _ = try? store.deleteScramCredential(.sha512, for: "alice", actor: "test")
        XCTAssertEqual(try store.adminChanges().map(\.action), [.userAdd])
    }

    func testNoSecretReachesTheRecord() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let password = "correct horse battery staple"
        let credential = try ScramCredential.derive(
            mechanism: .sha512, password: Array(password.utf8), salt: Array("NaCl-salt-of-alice".utf8), iterations: 4096
        )
        try store.setScramCredential(credential, for: "alice", actor: "test")
        try store.deleteScramCredential(.sha512, for: "alice", actor: "test")
        try store.setScramCredential(credential, for: "alice", actor: "test")
        try store.removePrincipal("alice", actor: "test")

        let dump = try runSQL("SELECT * FROM admin_changes", on: store.databasePath)
        XCTAssertEqual(dump.status, 0, dump.description)
        let recorded = dump.standardOutput + (try store.adminChanges().map { "\($0)" }.joined())
        var forbidden = [password, "NaCl-salt-of-alice"]
        for bytes in [credential.salt, credential.storedKey, credential.serverKey] {
            forbidden.append(Data(bytes).base64EncodedString())
            forbidden.append(bytes.map { String(format: "%02x", $0) }.joined())
            forbidden.append(bytes.map { String(format: "%02X", $0) }.joined())
            forbidden.append(bytes.map(String.init).joined(separator: ", "))
        }
        for secret in forbidden {
            XCTAssertFalse(recorded.contains(secret), "the record holds \(secret)")
        }
    }

    func testTheRecordIsAppendOnlyEvenOutsideTheStore() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let original = try store.adminChanges()
        for statement in ["UPDATE admin_changes SET actor = 'someone else'", "DELETE FROM admin_changes"] {
            let outcome = try runSQL(statement, on: store.databasePath)
            XCTAssertNotEqual(outcome.status, 0, statement)
            XCTAssertTrue(outcome.standardError.contains("admin_changes is append-only"), outcome.description)
        }
        XCTAssertEqual(try store.adminChanges(), original)
    }

    func testReadingResumesAfterTheLastIdSeen() throws {
        let store = try makeStore()
        for name in ["a", "b", "c", "d", "e"] {
            try store.addPrincipal(name, actor: "test")
        }
        let firstTwo = try store.adminChanges(limit: 2)
        XCTAssertEqual(firstTwo.map(\.subject), ["User:a", "User:b"])
        let rest = try store.adminChanges(after: try XCTUnwrap(firstTwo.last).id)
        XCTAssertEqual(rest.map(\.subject), ["User:c", "User:d", "User:e"])
        XCTAssertEqual(try store.adminChanges(after: try XCTUnwrap(rest.last).id), [])
    }
}
