import Authorization
import PolicyStore
import XCTest

final class NetworkRuleStoreTests: XCTestCase {
    func testAddingListingAndRemovingRules() throws {
        let store = try makeStore()
        let everything = try networkRule()
        let readWrite = try networkRule("orders-", .prefixed, cidr: "2001:db8::/32", operations: [.write, .read])
        let mappedIPv4 = try networkRule("*", cidr: "::ffff:192.168.0.0/112", operations: [.describe])
        XCTAssertTrue(try store.addNetworkRule(everything, actor: "test"))
        XCTAssertTrue(try store.addNetworkRule(readWrite, actor: "test"))
        XCTAssertTrue(try store.addNetworkRule(mappedIPv4, actor: "test"))
        XCTAssertFalse(try store.addNetworkRule(readWrite, actor: "test"), "the same rule again changes nothing")
        XCTAssertFalse(try store.addNetworkRule(try networkRule(operations: [.all]), actor: "test"), "All is every operation")

        let listed = try store.listNetworkRules()
        XCTAssertEqual(listed, [everything, readWrite, mappedIPv4].sorted())
        XCTAssertEqual(listed.map(\.description).sorted(), [
            "Topic:LITERAL:* from 192.168.0.0/16 for Describe",
            "Topic:LITERAL:orders from 10.0.0.0/8 for All",
            "Topic:PREFIXED:orders- from 2001:db8::/32 for Read,Write",
        ])
        XCTAssertEqual(try store.snapshot().networkRules, listed)

        try store.removeNetworkRule(readWrite, actor: "test")
        XCTAssertEqual(try store.listNetworkRules(), [everything, mappedIPv4].sorted())
    }

    func testRemovingTakesTheExactRule() throws {
        let store = try makeStore()
        let rule = try networkRule(operations: [.read, .write])
        try store.addNetworkRule(rule, actor: "test")
        for other in [
            try networkRule(operations: [.read]), try networkRule(operations: nil), try networkRule(cidr: "10.0.0.0/9", operations: [.read, .write]),
            try networkRule("orders", .prefixed, operations: [.read, .write]), try networkRule("Orders", operations: [.read, .write]),
        ] {
            XCTAssertThrowsPolicyStoreError(.unknownNetworkRule(other)) { try store.removeNetworkRule(other, actor: "test") }
        }
        XCTAssertEqual(try store.listNetworkRules(), [rule])
        XCTAssertEqual(PolicyStoreError.unknownNetworkRule(rule).description, "no network rule Topic:LITERAL:orders from 10.0.0.0/8 for Read,Write")
    }

    func testInvalidRulesAreRefusedAndRecordNothing() throws {
        let store = try makeStore()
        let cases: [(NetworkRule, PolicyStoreError)] = [
            (try networkRule(""), .invalidNetworkRule("the topic name is empty")),
            (try networkRule("a\u{1B}[31m"), .invalidNetworkRule("the topic name contains a control character")),
            (try networkRule(operations: []), .invalidNetworkRule("the rule names no operation, so it would cover nothing")),
            (try networkRule(operations: [.read, .idempotentWrite]), .invalidNetworkRule(
                "IdempotentWrite is not an operation on topics; give All or some of Read, Write, Create, Delete, Alter, Describe, DescribeConfigs, AlterConfigs"
            )),
        ]
        for (rule, expected) in cases {
            XCTAssertThrowsPolicyStoreError(expected) { try store.addNetworkRule(rule, actor: "test") }
        }
        XCTAssertThrowsPolicyStoreError(.invalidActor(.controlCharacter)) { try store.addNetworkRule(try networkRule(), actor: "a\tb") }
        XCTAssertEqual(try store.listNetworkRules(), [])
        XCTAssertEqual(try store.adminChanges(), [])
    }

    func testChangesAreRecordedWithTheActor() throws {
        let store = try makeStore()
        let rule = try networkRule("orders-", .prefixed, cidr: "2001:db8::/32", operations: [.write, .read])
        try store.addNetworkRule(rule, actor: "ops-alice")
        try store.addNetworkRule(rule, actor: "ops-bob")
        try store.addNetworkRule(try networkRule(), actor: "ops-bob")
        try store.removeNetworkRule(rule, actor: "ops-carol")
        _ = try? store.removeNetworkRule(rule, actor: "ops-carol")

        let changes = try store.adminChanges()
        XCTAssertEqual(changes.map(\.action.rawValue), ["network-rule.add", "network-rule.add", "network-rule.remove"])
        XCTAssertEqual(changes.map(\.action), [.networkRuleAdd, .networkRuleAdd, .networkRuleRemove])
        XCTAssertEqual(changes.map(\.actor), ["ops-alice", "ops-bob", "ops-carol"])
        XCTAssertEqual(changes.map(\.subject), ["Topic:PREFIXED:orders-", "Topic:LITERAL:orders", "Topic:PREFIXED:orders-"])
        XCTAssertEqual(changes.map(\.details), [
            #"{"cidr":"2001:db8::/32","operations":["Read","Write"]}"#,
            #"{"cidr":"10.0.0.0/8","operations":["All"]}"#,
            #"{"cidr":"2001:db8::/32","operations":["Read","Write"]}"#,
        ])
    }
}
