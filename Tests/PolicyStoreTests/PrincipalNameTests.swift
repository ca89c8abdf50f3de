import PolicyStore
import XCTest

final class PrincipalNameTests: XCTestCase {
    func testRefusedNamesSayWhyAndStoreNothing() throws {
        let store = try makeStore()
        let cases: [(String, NameProblem)] = [
            ("", .empty),
            (String(repeating: "é", count: 128), .tooLong(byteCount: 256)),
            ("alice\n", .controlCharacter),
            ("ali\u{0}ce", .controlCharacter),
            ("alice\u{7F}", .controlCharacter),
            ("alice\u{85}", .controlCharacter),
            ("\u{1B}[31malice", .controlCharacter),
            ("ame\u{301}lie", .notNormalized),
        ]
        for (name, problem) in cases {
            XCTAssertEqual(PrincipalName.problem(with: name), problem, name.debugDescription)
            XCTAssertThrowsPolicyStoreError(.invalidPrincipalName(problem)) { try store.addPrincipal(name, actor: "test") }
            XCTAssertThrowsPolicyStoreError(.invalidPrincipalName(problem)) { try store.removePrincipal(name, actor: "test") }
            XCTAssertThrowsPolicyStoreError(.invalidPrincipalName(problem)) { try store.setEnabled(false, for: name, actor: "test") }
            XCTAssertNil(try store.principal(named: name))
        }
        XCTAssertEqual(try store.listPrincipals(), [])
        XCTAssertEqual(try store.adminChanges(), [])
    }

    func testTheDescriptionOfARefusedNameDoesNotRepeatIt() {
        let description = PolicyStoreError.invalidPrincipalName(.controlCharacter).description
        XCTAssertEqual(description, "invalid principal name: it contains a control character")
    }

    func testAcceptedNames() throws {
        let store = try makeStore()
        let names = [
            "a" + String(repeating: "é", count: 127),  // 255 bytes
            "amélie",  // NFC
            "CN=alice,OU=payments",  // a subject DN left unmapped
            "svc.payments-writer@example.com",
            "with space",
        ]
        for name in names {
            XCTAssertNil(PrincipalName.problem(with: name), name)
            try store.addPrincipal(name, actor: "test")
            XCTAssertEqual(try store.principal(named: name)?.name, name)
        }
        XCTAssertEqual(try store.listPrincipals().count, names.count)
    }

    func testActorsFollowTheSameRules() throws {
        let store = try makeStore()
        XCTAssertThrowsPolicyStoreError(.invalidActor(.empty)) { try store.addPrincipal("alice", actor: "") }
        XCTAssertThrowsPolicyStoreError(.invalidActor(.controlCharacter)) { try store.addPrincipal("alice", actor: "root\nforged") }
        XCTAssertEqual(try store.listPrincipals(), [])
    }
}
