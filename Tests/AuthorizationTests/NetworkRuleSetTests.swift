import Authorization
import XCTest

final class NetworkRuleSetTests: XCTestCase {
    private func rule(
        _ name: String, _ patternType: AclPatternType = .literal, from block: String, for operations: Set<AclOperation>? = nil
    ) throws -> NetworkRule {
        NetworkRule(topicName: name, patternType: patternType, block: try CIDRBlock(block), operations: operations)
    }

    func testUncoveredTopicIsLeftToTheAcls() throws {
        let rules = NetworkRuleSet([try rule("orders", from: "10.0.0.0/8"), try rule("pay-", .prefixed, from: "10.0.0.0/8")])
        XCTAssertEqual(rules.check(topic: "payments", operation: .read, client: ip("192.0.2.1")), .notCovered)
        XCTAssertEqual(rules.check(topic: "orders-eu", operation: .read, client: ip("192.0.2.1")), .notCovered)
        XCTAssertEqual(NetworkRuleSet([]).check(topic: "orders", operation: .read, client: ip("192.0.2.1")), .notCovered)
    }

    func testClientInsideACoveringRuleIsAllowed() throws {
        let office = try rule("orders", from: "10.0.0.0/8")
        let vpn = try rule("ord", .prefixed, from: "192.168.0.0/16")
        let rules = NetworkRuleSet([office, vpn])
        XCTAssertEqual(rules.check(topic: "orders", operation: .write, client: ip("10.1.2.3")), .allowed(by: office))
        XCTAssertEqual(rules.check(topic: "orders", operation: .write, client: ip("192.168.7.7")), .allowed(by: vpn))
        XCTAssertEqual(rules.check(topic: "ord", operation: .write, client: ip("192.168.7.7")), .allowed(by: vpn))
    }

    func testClientOutsideEveryCoveringRuleIsDeniedWithTheRules() throws {
        let office = try rule("orders", from: "10.0.0.0/8")
        let vpn = try rule("ord", .prefixed, from: "192.168.0.0/16")
        let everywhere = try rule("*", from: "172.16.0.0/12", for: [.describe])
        let unrelated = try rule("payments", from: "0.0.0.0/0")
        let rules = NetworkRuleSet([unrelated, everywhere, vpn, office])
        XCTAssertEqual(rules.check(topic: "orders", operation: .write, client: ip("203.0.113.9")), .denied(coveringRules: [office, vpn]))
        XCTAssertEqual(
            rules.check(topic: "orders", operation: .describe, client: ip("203.0.113.9")), .denied(coveringRules: [everywhere, office, vpn]))
        XCTAssertEqual(rules.check(topic: "orders", operation: .describe, client: ip("172.20.0.1")), .allowed(by: everywhere))
        XCTAssertTrue(rules.check(topic: "anything", operation: .describe, client: ip("10.0.0.1")).deniesAccess)
    }

    func testRuleWithOperationsCoversOnlyThose() throws {
        let writers = try rule("orders", from: "10.0.0.0/8", for: [.write])
        let rules = NetworkRuleSet([writers])
        XCTAssertEqual(rules.check(topic: "orders", operation: .write, client: ip("192.0.2.1")), .denied(coveringRules: [writers]))
        XCTAssertEqual(rules.check(topic: "orders", operation: .read, client: ip("192.0.2.1")), .notCovered)
        XCTAssertEqual(rules.check(topic: "orders", operation: .describe, client: ip("192.0.2.1")), .notCovered)
        XCTAssertEqual(try rule("t", from: "10.0.0.0/8", for: [.all, .read]).operations, nil, "All covers every operation")
    }

    func testPrefixLengthsAtTheEdges() throws {
        let table: [(block: String, inside: [String], outside: [String])] = [
            ("0.0.0.0/0", ["0.0.0.0", "255.255.255.255", "::ffff:1.2.3.4"], ["::1", "2001:db8::1"]),
            ("128.0.0.0/1", ["128.0.0.0", "255.255.255.255"], ["127.255.255.255", "0.0.0.0"]),
            ("10.0.0.0/31", ["10.0.0.0", "10.0.0.1", "::ffff:10.0.0.1"], ["10.0.0.2", "9.255.255.255"]),
            ("10.0.0.7/32", ["10.0.0.7", "::ffff:10.0.0.7", "::ffff:a00:7"], ["10.0.0.6", "10.0.0.8", "::a00:7"]),
            ("::/0", ["::", "::1", "2001:db8::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"], ["10.0.0.1", "::ffff:10.0.0.1"]),
            ("8000::/1", ["8000::", "ffff::1"], ["7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::1"]),
            ("2001:db8::/127", ["2001:db8::", "2001:db8::1"], ["2001:db8::2"]),
            ("2001:db8::1/128", ["2001:db8::1"], ["2001:db8::", "2001:db8::2"]),
            ("::ffff:10.0.0.0/104", ["10.1.2.3", "::ffff:10.255.0.1"], ["11.0.0.0"]),
        ]
        for (block, inside, outside) in table {
            let only = try rule("t", from: block)
            let rules = NetworkRuleSet([only])
            for address in inside {
                XCTAssertEqual(rules.check(topic: "t", operation: .read, client: ip(address)), .allowed(by: only), "\(address) in \(block)")
            }
            for address in outside {
                XCTAssertEqual(
                    rules.check(topic: "t", operation: .read, client: ip(address)), .denied(coveringRules: [only]), "\(address) not in \(block)")
            }
        }
    }

    func testTopicNamesCompareByteForByte() throws {
        let rules = NetworkRuleSet([try rule("e", .prefixed, from: "10.0.0.0/8")])
        XCTAssertTrue(rules.check(topic: "e\u{301}", operation: .read, client: ip("192.0.2.1")).deniesAccess)
        XCTAssertEqual(rules.check(topic: "\u{E9}", operation: .read, client: ip("192.0.2.1")), .notCovered)
    }

    func testDecisionDescriptions() throws {
        let office = try rule("orders", from: "10.0.0.0/8", for: [.read, .write])
        XCTAssertEqual(NetworkRuleDecision.allowed(by: office).description, "admitted by network rule Topic:LITERAL:orders from 10.0.0.0/8 for Read,Write")
        XCTAssertEqual(
            NetworkRuleDecision.denied(coveringRules: [office]).description,
            "the client address is outside every network rule covering the topic and operation: Topic:LITERAL:orders from 10.0.0.0/8 for Read,Write")
    }
}
