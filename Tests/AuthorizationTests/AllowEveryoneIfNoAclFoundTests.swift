import Authorization
import XCTest

/// allow.everyone.if.no.acl.found: a resource that no ACL, for anyone, covers
/// is open; one with any ACL at all falls back to deny.
final class AllowEveryoneIfNoAclFoundTests: XCTestCase {
    func testOffByDefault() {
        let decision = AclAuthorizer([]).authorize(user: "bob", host: someClient, operation: .read, resource: ResourceName(.topic, "t"))
        XCTAssertEqual(decision, AclDecision(allowed: false, reason: .noMatchingAcl))
    }

    func testAllowsOnAResourceWithoutAcls() {
        // Kafka's testAllowEveryoneIfNoAclFoundConfigEnabled / Disabled.
        let bindings = [acl(.allow, .user("Alice"), .read, on: topic("topic1"))]
        let open = AclAuthorizer(bindings, allowEveryoneIfNoAclFound: true)
        XCTAssertEqual(
            open.authorize(user: "Bob", host: someClient, operation: .read, resource: ResourceName(.topic, "topic2")),
            AclDecision(allowed: true, reason: .allowEveryoneIfNoAclFound))
        XCTAssertFalse(AclAuthorizer(bindings).allows("Bob", .read, "topic2"))
    }

    func testAnAclForSomeoneElseStillCounts() {
        let open = AclAuthorizer([acl(.allow, .user("Alice"), .read, on: topic("topic1"))], allowEveryoneIfNoAclFound: true)
        XCTAssertEqual(
            open.authorize(user: "Bob", host: someClient, operation: .read, resource: ResourceName(.topic, "topic1")),
            AclDecision(allowed: false, reason: .noMatchingAcl))
        XCTAssertFalse(open.allows("Alice", .write, "topic1"), "an ACL for another operation counts too")
    }

    func testPrefixedAndWildcardAclsCountAsFound() {
        for pattern in [topic("top", .prefixed), topic("*")] {
            let open = AclAuthorizer([acl(.allow, .user("Alice"), .read, on: pattern)], allowEveryoneIfNoAclFound: true)
            XCTAssertFalse(open.allows("Bob", .read, "topic1"), "\(pattern)")
        }
    }

    func testAclsOnUnrelatedResourcesDoNotCount() {
        let open = AclAuthorizer(
            [
                acl(.deny, .anyUser, .all, on: topic("other")),
                acl(.deny, .anyUser, .all, on: topic("topic10", .prefixed)),
                acl(.deny, .anyUser, .all, on: group("*")),
            ], allowEveryoneIfNoAclFound: true)
        XCTAssertTrue(open.allows("Bob", .read, "topic1"))
        XCTAssertFalse(open.allows("Bob", .read, "topic100"))
        XCTAssertFalse(open.allows("Bob", .read, "g", type: .group))
    }
}
