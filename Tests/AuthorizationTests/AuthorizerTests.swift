import Authorization
import XCTest

/// ACLs and network rules together.
final class AuthorizerTests: XCTestCase {
    private let officeRule = NetworkRule(topicName: "orders", block: try! CIDRBlock("10.0.0.0/8"))
    private let allowAliceOrders = acl(.allow, .user("alice"), .all, on: topic("orders"))

    private func authorizer(_ bindings: [AclBinding], superUsers: Set<String> = [], rules: [NetworkRule]) -> Authorizer {
        Authorizer(acls: AclAuthorizer(bindings, superUsers: superUsers), networkRules: NetworkRuleSet(rules))
    }

    private func decide(_ authorizer: Authorizer, _ user: String, _ operation: AclOperation, _ resource: ResourceName, from client: String)
        -> AuthorizationDecision
    {
        authorizer.authorize(user: user, host: ip(client), operation: operation, resource: resource)
    }

    func testNetworkRuleDeniesWhateverTheAclsSay() {
        let gate = authorizer([allowAliceOrders], rules: [officeRule])
        XCTAssertEqual(
            decide(gate, "alice", .read, ResourceName(.topic, "orders"), from: "192.0.2.1"),
            AuthorizationDecision(allowed: false, reason: .networkRule(coveringRules: [officeRule])))
        XCTAssertEqual(
            decide(gate, "alice", .read, ResourceName(.topic, "orders"), from: "10.0.0.1"),
            AuthorizationDecision(allowed: true, reason: .acl(allowAliceOrders), admittingNetworkRule: officeRule))
    }

    func testNetworkRuleBindsSuperUsers() {
        let gate = authorizer([], superUsers: ["admin"], rules: [officeRule])
        XCTAssertFalse(decide(gate, "admin", .read, ResourceName(.topic, "orders"), from: "192.0.2.1").allowed)
        XCTAssertEqual(
            decide(gate, "admin", .read, ResourceName(.topic, "orders"), from: "10.0.0.1"),
            AuthorizationDecision(allowed: true, reason: .superUser, admittingNetworkRule: officeRule))
        XCTAssertEqual(decide(gate, "admin", .read, ResourceName(.topic, "other"), from: "192.0.2.1").reason, .superUser)
    }

    func testAdmittedClientStillNeedsAnAcl() {
        let gate = authorizer([], rules: [officeRule])
        XCTAssertEqual(
            decide(gate, "bob", .read, ResourceName(.topic, "orders"), from: "10.0.0.1"),
            AuthorizationDecision(allowed: false, reason: .defaultDeny, admittingNetworkRule: officeRule))
    }

    func testNetworkRulesApplyToTopicsOnly() {
        // A group that shares a topic's name is not the topic.
        let gate = authorizer([acl(.allow, .user("alice"), .read, on: group("orders"))], rules: [officeRule])
        XCTAssertTrue(decide(gate, "alice", .read, ResourceName(.group, "orders"), from: "192.0.2.1").allowed)
    }

    func testAclReasonsPassThrough() {
        let deny = acl(.deny, .user("alice"), .write, on: topic("orders"))
        let gate = Authorizer(
            acls: AclAuthorizer([allowAliceOrders, deny], allowEveryoneIfNoAclFound: true), networkRules: NetworkRuleSet([]))
        XCTAssertEqual(
            decide(gate, "alice", .write, ResourceName(.topic, "orders"), from: "10.0.0.1"), AuthorizationDecision(allowed: false, reason: .acl(deny)))
        XCTAssertEqual(decide(gate, "bob", .write, ResourceName(.topic, "orders"), from: "10.0.0.1").reason, .defaultDeny)
        XCTAssertEqual(
            decide(gate, "bob", .write, ResourceName(.topic, "other"), from: "10.0.0.1"),
            AuthorizationDecision(allowed: true, reason: .allowEveryoneIfNoAclFound))
    }

    func testAuthorizedOperationsApplyNetworkRules() {
        let writersFromOffice = NetworkRule(topicName: "orders", block: try! CIDRBlock("10.0.0.0/8"), operations: [.write])
        let gate = authorizer([allowAliceOrders], rules: [writersFromOffice])
        let outside = gate.authorizedOperations(user: "alice", host: ip("192.0.2.1"), resource: ResourceName(.topic, "orders"))
        XCTAssertEqual(outside, AclResourceType.topic.supportedOperations.subtracting([.write]))
        let inside = gate.authorizedOperations(user: "alice", host: ip("10.0.0.1"), resource: ResourceName(.topic, "orders"))
        XCTAssertEqual(inside, AclResourceType.topic.supportedOperations)
    }

    func testAuthorizeByResourceTypeIsTheAclsAnswer() {
        let gate = authorizer([allowAliceOrders], rules: [officeRule])
        XCTAssertTrue(gate.authorizeByResourceType(user: "alice", host: ip("192.0.2.1"), operation: .write, resourceType: .topic))
        XCTAssertFalse(gate.authorizeByResourceType(user: "bob", host: ip("10.0.0.1"), operation: .write, resourceType: .topic))
    }

    func testReasonsHaveStableMachineNames() {
        let table: [(DecisionReason, String)] = [
            (.superUser, "super-user"),
            (.acl(allowAliceOrders), "acl"),
            (.networkRule(coveringRules: [officeRule]), "network-rule"),
            (.defaultDeny, "default-deny"),
            (.allowEveryoneIfNoAclFound, "no-acl-allow-everyone"),
        ]
        for (reason, name) in table {
            XCTAssertEqual(reason.machineName, name)
        }
    }

    func testDescriptionsNameTheRule() {
        XCTAssertEqual(
            AuthorizationDecision(allowed: true, reason: .acl(allowAliceOrders), admittingNetworkRule: officeRule).description,
            "ALLOWED [acl]: ALLOW ACL (pattern=Topic:LITERAL:orders, entry=User:alice has ALLOW permission for operations: All from hosts: *)"
                + "; admitted by network rule Topic:LITERAL:orders from 10.0.0.0/8 for All")
        XCTAssertEqual(
            AuthorizationDecision(allowed: false, reason: .networkRule(coveringRules: [officeRule])).description,
            "DENIED [network-rule]: the client address is outside every network rule covering the topic and operation: "
                + "Topic:LITERAL:orders from 10.0.0.0/8 for All")
        XCTAssertEqual(AuthorizationDecision(allowed: false, reason: .defaultDeny).description, "DENIED [default-deny]: no matching ACL (default deny)")
        XCTAssertEqual(AuthorizationDecision(allowed: true, reason: .superUser).description, "ALLOWED [super-user]: super user (exempt from ACLs)")
    }
}
