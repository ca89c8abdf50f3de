import Authorization
import PolicyStore
import XCTest

final class PolicyApplyTests: XCTestCase {
    func testApplyMakesTheManagedKindsEqualToTheDeclaration() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "setup")
        try store.addPrincipal("bob", superUser: true, actor: "setup")
        let (kept, stale) = (acl(), acl(operation: .write))
        try store.addAcls([kept, stale], actor: "setup")
        try store.addNetworkRule(try networkRule("legacy"), actor: "setup")

        let added = acl(.group, "readers", principal: .user("carol"))
        let rule = try networkRule("orders-", .prefixed, operations: [.read])
        let declared = DeclaredPolicy(
            users: DeclaredUsers(
                [DeclaredUser(name: "alice", superUser: true), DeclaredUser(name: "carol", enabled: false)], removesUnlisted: false
            ),
            acls: [kept, added], networkRules: [rule]
        )
        let drift = try store.apply(declared, actor: "gitops")

        XCTAssertEqual(drift.usersToAdd, [DeclaredUser(name: "carol", enabled: false)])
        XCTAssertEqual(drift.usersToChange.map(\.declared), [DeclaredUser(name: "alice", superUser: true)])
        XCTAssertEqual(drift.usersToRemove, [], "bob is not listed, and unlisted users stay unless removesUnlisted")
        XCTAssertEqual(drift.aclsToAdd, [added])
        XCTAssertEqual(drift.aclsToRemove, [stale])
        XCTAssertEqual(drift.networkRulesToAdd, [rule])
        XCTAssertEqual(drift.networkRulesToRemove, [try networkRule("legacy")])

        XCTAssertEqual(try store.listAcls(), [kept, added].sorted())
        XCTAssertEqual(try store.listNetworkRules(), [rule])
        let users = try store.listPrincipals().map { ($0.name, $0.enabled, $0.superUser) }
        XCTAssertEqual(users.map(\.0), ["alice", "bob", "carol"])
        XCTAssertEqual(users.map(\.1), [true, true, false])
        XCTAssertEqual(users.map(\.2), [true, true, false])
    }

    func testEachChangeIsRecordedWithTheActorAsTheSingleChangeCallsRecordIt() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "setup")
        try store.addPrincipal("dave", superUser: true, actor: "setup")
        try store.setEnabled(false, for: "dave", actor: "setup")
        let before = try store.adminChanges().count
        try store.apply(
            DeclaredPolicy(users: DeclaredUsers([
                DeclaredUser(name: "alice", enabled: false, superUser: true), DeclaredUser(name: "carol", enabled: false),
                DeclaredUser(name: "dave"),
            ], removesUnlisted: false)),
            actor: "gitops"
        )
        let changes = try store.adminChanges().dropFirst(before)
        XCTAssertEqual(changes.map(\.actor), Array(repeating: "gitops", count: 6))
        XCTAssertEqual(changes.map(\.action), [.userAdd, .userDisable, .userDisable, .userSetSuperUser, .userEnable, .userSetSuperUser])
        XCTAssertEqual(changes.map(\.subject), ["User:carol", "User:carol", "User:alice", "User:alice", "User:dave", "User:dave"])
        XCTAssertEqual(changes.map(\.details), [
            #"{"superUser":false}"#, "{}", "{}", #"{"superUser":true}"#, "{}", #"{"superUser":false}"#,
        ])
        XCTAssertEqual(AdminAction.userSetSuperUser.rawValue, "user.set-super-user")
    }

    func testASecondApplyChangesAndRecordsNothing() throws {
        let store = try makeStore()
        let declared = DeclaredPolicy(
            users: DeclaredUsers([DeclaredUser(name: "alice", superUser: true)], removesUnlisted: true),
            acls: [acl(), acl(.topic, "payroll", principal: .anyUser, operation: .all, permission: .deny)],
            networkRules: [try networkRule(), try networkRule(cidr: "2001:db8::/32", operations: [.write])]
        )
        XCTAssertFalse(try store.drift(to: declared).isEmpty)
        XCTAssertFalse(try store.apply(declared, actor: "gitops").isEmpty)
        let recorded = try store.adminChanges()
        XCTAssertEqual(recorded.count, 5)

        XCTAssertTrue(try store.apply(declared, actor: "gitops").isEmpty)
        XCTAssertTrue(try store.drift(to: declared).isEmpty)
        XCTAssertEqual(try store.adminChanges(), recorded)
    }

    func testKindsTheDeclarationDoesNotManageAreLeftAlone() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "setup")
        try store.addAcls([acl()], actor: "setup")
        try store.addNetworkRule(try networkRule(), actor: "setup")

        XCTAssertTrue(try store.apply(DeclaredPolicy(users: DeclaredUsers([], removesUnlisted: false)), actor: "gitops").isEmpty)
        let drift = try store.apply(DeclaredPolicy(acls: []), actor: "gitops")
        XCTAssertEqual(drift.aclsToRemove, [acl()], "an empty list manages the kind: no ACLs")
        XCTAssertEqual(try store.listAcls(), [])
        XCTAssertEqual(try store.listNetworkRules(), [try networkRule()])
        XCTAssertEqual(try store.listPrincipals().map(\.name), ["alice"])
    }

    func testRemovingUnlistedUsersRemovesTheirCredentials() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "setup")
        try store.addPrincipal("bob", actor: "setup")
        try store.setScramCredential(try testCredential(), for: "bob", actor: "setup")

        let drift = try store.apply(DeclaredPolicy(users: DeclaredUsers([DeclaredUser(name: "alice")], removesUnlisted: true)), actor: "gitops")
        XCTAssertEqual(drift.usersToRemove.map(\.name), ["bob"])
        XCTAssertEqual(try store.listPrincipals().map(\.name), ["alice"])
        XCTAssertNil(try store.snapshot().scramCredentials["bob"])
        let removal = try XCTUnwrap(try store.adminChanges().last)
        XCTAssertEqual([removal.action.rawValue, removal.subject, removal.details], ["user.remove", "User:bob", #"{"scramMechanisms":["SCRAM-SHA-512"]}"#])
    }

    func testAnInvalidDeclarationIsRefusedWholeBeforeAnythingIsWritten() throws {
        let store = try makeStore()
        let good = DeclaredPolicy(users: DeclaredUsers([DeclaredUser(name: "alice")], removesUnlisted: false), acls: [acl()], networkRules: [])
        var badAcl = good
        badAcl.acls?.insert(acl(.topic, "a\u{1B}b"))
        var reservedUser = good
        reservedUser.users = DeclaredUsers([DeclaredUser(name: "alice"), DeclaredUser(name: "ANONYMOUS")], removesUnlisted: false)
        var badRule = good
        badRule.networkRules = [try networkRule(operations: [.idempotentWrite])]
        let cases: [(DeclaredPolicy, PolicyStoreError)] = [
            (badAcl, .invalidAcl("the resource name contains a control character")),
            (reservedUser, .reservedPrincipalName("ANONYMOUS")),
            (badRule, .invalidNetworkRule(
                "IdempotentWrite is not an operation on topics; give All or some of Read, Write, Create, Delete, Alter, Describe, DescribeConfigs, AlterConfigs"
            )),
        ]
        for (declared, expected) in cases {
            XCTAssertThrowsPolicyStoreError(expected) { try store.apply(declared, actor: "gitops") }
            XCTAssertThrowsPolicyStoreError(expected) { try store.drift(to: declared) }
        }
        XCTAssertThrowsPolicyStoreError(.invalidActor(.empty)) { try store.apply(good, actor: "") }
        XCTAssertEqual(try store.listPrincipals(), [])
        XCTAssertEqual(try store.listAcls(), [])
        XCTAssertEqual(try store.adminChanges(), [])
    }

    /// A failure part-way through the transaction (here a trigger another process installed)
    /// undoes the changes already made in it, and their records.
    func testAFailureDuringTheTransactionUndoesEveryChange() throws {
        let store = try makeStore()
        try store.addAcls([acl()], actor: "setup")
        let trap = try runSQL(
            "CREATE TRIGGER refuse_rules BEFORE INSERT ON network_rules BEGIN SELECT RAISE(ABORT, 'refused'); END",
            on: store.databasePath
        )
        XCTAssertEqual(trap.status, 0, "\(trap)")
        let before = try store.adminChanges()

        let declared = DeclaredPolicy(
            users: DeclaredUsers([DeclaredUser(name: "alice")], removesUnlisted: false), acls: [acl(operation: .write)],
            networkRules: [try networkRule()]
        )
        XCTAssertThrowsError(try store.apply(declared, actor: "gitops")) { error in
            guard case .database(_, let message) = error as? PolicyStoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("refused"), message)
        }
        XCTAssertEqual(try store.listAcls(), [acl()])
        XCTAssertEqual(try store.listPrincipals(), [])
        XCTAssertEqual(try store.listNetworkRules(), [])
        XCTAssertEqual(try store.adminChanges(), before)
    }

    func testDriftReadsWithoutWriting() throws {
        let store = try makeStore()
        let declared = DeclaredPolicy(users: DeclaredUsers([DeclaredUser(name: "alice")], removesUnlisted: false), acls: [acl()])
        let drift = try store.drift(to: declared)
        XCTAssertEqual(drift.usersToAdd, [DeclaredUser(name: "alice")])
        XCTAssertEqual(drift.aclsToAdd, [acl()])
        XCTAssertEqual(try store.listPrincipals(), [])
        XCTAssertEqual(try store.adminChanges(), [])
        XCTAssertEqual(try store.apply(declared, actor: "gitops"), drift, "apply removes exactly the drift diff reported")
    }
}
