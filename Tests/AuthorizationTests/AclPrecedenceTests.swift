import Authorization
import XCTest

/// Super user, then DENY, then ALLOW, then default deny.
final class AclPrecedenceTests: XCTestCase {
    func testDenyAppliesFirst() {
        let allowEveryone = acl(.allow, .anyUser, .all, on: topic("*"))
        let denyAlice = acl(.deny, .user("alice"), .read, on: topic("orders"))
        let authorizer = AclAuthorizer([allowEveryone, denyAlice])
        let decision = authorizer.authorize(user: "alice", host: someClient, operation: .read, resource: ResourceName(.topic, "orders"))
        XCTAssertEqual(decision, AclDecision(allowed: false, reason: .deniedByAcl(denyAlice)))
        XCTAssertTrue(authorizer.allows("alice", .write, "orders"))
        XCTAssertTrue(authorizer.allows("bob", .read, "orders"))
    }

    func testDenyWinsWhateverThePatternThatCarriesIt() {
        // Kafka's testDenyTakesPrecedence and testWildCardAcls: a DENY on `*`
        // or a prefix beats an ALLOW on the literal name.
        let allowLiteral = acl(.allow, .user("alice"), .write, on: topic("orders-eu"))
        for denyPattern in [topic("*"), topic("orders-", .prefixed), topic("o", .prefixed)] {
            let authorizer = AclAuthorizer([allowLiteral, acl(.deny, .user("alice"), .write, on: denyPattern)])
            XCTAssertFalse(authorizer.allows("alice", .write, "orders-eu"), "\(denyPattern)")
        }
    }

    func testDenyOfAllDeniesEveryOperation() {
        let authorizer = AclAuthorizer([
            acl(.allow, .anyUser, .all, on: topic("*")),
            acl(.deny, .user("alice"), .all, on: topic("orders"), from: host("192.168.1.1")),
        ])
        for operation in AclOperation.allCases {
            XCTAssertFalse(authorizer.allows("alice", operation, "orders"), "\(operation)")
            XCTAssertTrue(authorizer.allows("alice", operation, "orders", from: ip("192.168.1.2")), "\(operation)")
        }
    }

    func testAllowingAclIsTheEvidence() {
        let allowRead = acl(.allow, .user("alice"), .read, on: topic("orders"))
        let decision = AclAuthorizer([allowRead]).authorize(
            user: "alice", host: someClient, operation: .read, resource: ResourceName(.topic, "orders"))
        XCTAssertEqual(decision, AclDecision(allowed: true, reason: .allowedByAcl(allowRead)))
    }

    func testNoMatchingAclDenies() {
        let authorizer = AclAuthorizer([acl(.allow, .user("alice"), .read, on: topic("orders"))])
        for (user, operation, name) in [("bob", AclOperation.read, "orders"), ("alice", .write, "orders"), ("alice", .read, "payments")] {
            let decision = authorizer.authorize(user: user, host: someClient, operation: operation, resource: ResourceName(.topic, name))
            XCTAssertEqual(decision, AclDecision(allowed: false, reason: .noMatchingAcl), "\(user) \(operation) \(name)")
        }
        XCTAssertEqual(
            AclAuthorizer([]).authorize(user: "alice", host: someClient, operation: .read, resource: .cluster),
            AclDecision(allowed: false, reason: .noMatchingAcl))
    }

    func testSuperUserIsAllowedDespiteDenyAcls() {
        // Kafka's testSuperUserHasAccess.
        let authorizer = AclAuthorizer(
            [acl(.deny, .anyUser, .all, on: topic("*")), acl(.deny, .user("superuser1"), .all, on: topic("*"))],
            superUsers: ["superuser1", "superuser2"])
        for user in ["superuser1", "superuser2"] {
            let decision = authorizer.authorize(user: user, host: someClient, operation: .read, resource: ResourceName(.topic, "t"))
            XCTAssertEqual(decision, AclDecision(allowed: true, reason: .superUser))
        }
        XCTAssertFalse(authorizer.allows("superuser3", .read, "t"))
    }

    func testSuperUserNamesAreBareAndExact() {
        let authorizer = AclAuthorizer([], superUsers: ["admin", "Jos\u{E9}"])
        XCTAssertTrue(authorizer.allows("admin", .alter, "kafka-cluster", type: .cluster))
        XCTAssertFalse(authorizer.allows("User:admin", .alter, "kafka-cluster", type: .cluster))
        XCTAssertFalse(authorizer.allows("Admin", .alter, "kafka-cluster", type: .cluster))
        // Canonically equivalent to a super user's name, but not the same bytes: Kafka says no.
        XCTAssertFalse(authorizer.allows("Jose\u{301}", .alter, "kafka-cluster", type: .cluster))
    }
}
