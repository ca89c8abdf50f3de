import Authorization
import Foundation
import PolicyStore
import XCTest

final class AclStoreTests: XCTestCase {
    func testAddingReturnsWhatWasNewAndStoresEachAclOnce() throws {
        let store = try makeStore()
        let read = acl()
        let deny = acl(.group, "billing", .prefixed, principal: .anyUser, host: AclHost(parsing: "10.1.2.3")!, operation: .delete, permission: .deny)
        XCTAssertEqual(try store.addAcls([read, deny, read], actor: "test"), [read, deny], "a repeat in one batch is new once")
        // As Kafka's CreateAcls: adding an existing ACL succeeds and adds nothing.
        let describe = acl(operation: .describe)
        XCTAssertEqual(try store.addAcls([deny, describe], actor: "test"), [describe])
        XCTAssertEqual(try store.listAcls(), [read, describe, deny].sorted())
        XCTAssertEqual(try store.listAcls().count, 3)
    }

    func testAclsDifferingInAnyOneFieldAreDistinct() throws {
        let store = try makeStore()
        let base = acl()
        let variants = [
            base, acl(.group), acl(.topic, "orders2"), acl(.topic, "orders", .prefixed), acl(principal: .user("bob")),
            acl(principal: .anyUser), acl(host: AclHost(parsing: "::1")!), acl(operation: .write), acl(permission: .deny),
        ]
        XCTAssertEqual(try store.addAcls(variants, actor: "test"), variants)
        XCTAssertEqual(Set(try store.listAcls()), Set(variants))
    }

    func testNamesAreCaseSensitiveAsInKafka() throws {
        let store = try makeStore()
        let bindings = [acl(.topic, "Orders"), acl(.topic, "orders"), acl(principal: .user("Alice")), acl(principal: .user("alice"))]
        XCTAssertEqual(Set(try store.addAcls(bindings, actor: "test")), Set(bindings))
        XCTAssertEqual(try store.listAcls().count, 3)
    }

    func testABatchWithOneInvalidAclStoresAndRecordsNothing() throws {
        let store = try makeStore()
        let cases: [(AclBinding, PolicyStoreError)] = [
            (acl(.topic, ""), .invalidAcl("the resource name is empty")),
            (acl(.topic, "orders\u{7}"), .invalidAcl("the resource name contains a control character")),
            (acl(.topic, "a\u{85}b"), .invalidAcl("the resource name contains a control character")),
            (acl(principal: .user("")), .invalidAcl("the principal's name is invalid: it is empty")),
            (acl(principal: .user("eve\n")), .invalidAcl("the principal's name is invalid: it contains a control character")),
            (acl(principal: .user("e\u{301}ve")), .invalidAcl("the principal's name is invalid: it is not in Unicode normalization form C (NFC)")),
            (acl(principal: .user("*")), .invalidAcl("User:* is the wildcard principal (AclPrincipal.anyUser), not a user named *")),
            (acl(host: .address(IPAddress("::ffff:10.0.0.1")!)),
             .invalidAcl("the host ::ffff:10.0.0.1 is an IPv4-mapped IPv6 address; give the IPv4 address")),
        ]
        for (invalid, expected) in cases {
            XCTAssertThrowsPolicyStoreError(expected) { try store.addAcls([acl(), invalid, acl(operation: .write)], actor: "test") }
        }
        XCTAssertThrowsPolicyStoreError(.invalidActor(.empty)) { try store.addAcls([acl()], actor: "") }
        XCTAssertEqual(try store.listAcls(), [])
        XCTAssertEqual(try store.adminChanges(), [])
    }

    func testWhatKafkaAcceptsIsAccepted() throws {
        let store = try makeStore()
        // Kafka's CreateAcls takes these: a wildcard, an operation the type never uses, ANONYMOUS,
        // a prefix that is a wildcard character, and any cluster pattern.
        let bindings = [
            acl(.topic, "*"), acl(.group, "g", operation: .write), acl(principal: .user(PrincipalName.anonymous)),
            acl(.topic, "*", .prefixed), acl(.cluster, "kafka", .prefixed, operation: .idempotentWrite),
            acl(.transactionalId, "tx-ü", operation: .write), acl(host: AclHost(parsing: "2001:db8::7")!),
        ]
        XCTAssertEqual(try store.addAcls(bindings, actor: "test"), bindings)
        XCTAssertEqual(try store.listAcls(), bindings.sorted())
    }

    func testRemovingExactAclsReturnsThoseThatExisted() throws {
        let store = try makeStore()
        let (read, write, deny) = (acl(), acl(operation: .write), acl(permission: .deny))
        try store.addAcls([read, write, deny], actor: "test")
        // An absent ACL is passed over, as Kafka's DeleteAcls passes over a filter matching nothing.
        XCTAssertEqual(try store.removeAcls([write, acl(operation: .alter), deny], actor: "test"), [write, deny])
        XCTAssertEqual(try store.listAcls(), [read])
        XCTAssertEqual(try store.removeAcls([write], actor: "test"), [])
    }

    func testRemovingByPredicateRemovesExactlyTheSelectedAcls() throws {
        let store = try makeStore()
        let keep = [acl(.group, "orders"), acl(principal: .user("bob"))]
        let drop = [acl(), acl(operation: .write), acl(.topic, "orders", .prefixed)]
        try store.addAcls(keep + drop, actor: "test")
        var seen: [AclBinding] = []
        let removed = try store.removeAcls(actor: "test") { binding in
            seen.append(binding)
            return binding.pattern.resourceType == .topic && binding.entry.principal == .user("alice")
        }
        XCTAssertEqual(removed, drop.sorted())
        XCTAssertEqual(Set(seen), Set(keep + drop), "the predicate sees every stored ACL")
        XCTAssertEqual(try store.listAcls(), keep.sorted())
        XCTAssertEqual(try store.removeAcls(actor: "test") { _ in false }, [])
        XCTAssertEqual(try store.listAcls(), keep.sorted())
    }

    func testEveryChangeIsRecordedWithTheActorAndOnlyChangesAre() throws {
        let store = try makeStore()
        let read = acl()
        let deny = acl(.group, "billing", .prefixed, principal: .anyUser, host: AclHost(parsing: "10.1.2.3")!, operation: .delete, permission: .deny)
        try store.addAcls([read, deny], actor: "ops-alice")
        try store.addAcls([read], actor: "ops-bob")
        try store.removeAcls([read], actor: "ops-carol")
        try store.removeAcls([read], actor: "ops-carol")
        try store.removeAcls(actor: "ops-dave") { _ in true }

        let changes = try store.adminChanges()
        XCTAssertEqual(changes.map(\.action), [.aclAdd, .aclAdd, .aclRemove, .aclRemove])
        XCTAssertEqual(changes.map(\.action.rawValue), ["acl.add", "acl.add", "acl.remove", "acl.remove"])
        XCTAssertEqual(changes.map(\.actor), ["ops-alice", "ops-alice", "ops-carol", "ops-dave"])
        XCTAssertEqual(changes.map(\.subject), ["Topic:LITERAL:orders", "Group:PREFIXED:billing", "Topic:LITERAL:orders", "Group:PREFIXED:billing"])
        XCTAssertEqual(changes[0].details, #"{"host":"*","operation":"Read","permission":"ALLOW","principal":"User:alice"}"#)
        XCTAssertEqual(changes[1].details, #"{"host":"10.1.2.3","operation":"Delete","permission":"DENY","principal":"User:*"}"#)
    }

    func testTheSnapshotHoldsTheAclsSorted() throws {
        let store = try makeStore()
        let bindings = [acl(.transactionalId, "tx"), acl(.topic, "z"), acl(.topic, "a", .prefixed), acl(.cluster, "kafka-cluster")]
        try store.addAcls(bindings, actor: "test")
        let snapshot = try store.snapshot()
        XCTAssertEqual(snapshot.acls, bindings.sorted())
        XCTAssertEqual(snapshot.networkRules, [])
        XCTAssertEqual(
            PolicySnapshot(principals: [:], scramCredentials: [:], acls: bindings.reversed()).acls,
            PolicySnapshot(principals: [:], scramCredentials: [:], acls: bindings).acls,
            "snapshots of the same ACLs are equal whatever the order they were given in"
        )
    }
}
