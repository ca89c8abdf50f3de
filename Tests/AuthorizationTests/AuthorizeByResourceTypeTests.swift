import Authorization
import XCTest

/// Kafka's BaseAuthorizerTest / AuthorizerTest cases for authorizeByResourceType.
final class AuthorizeByResourceTypeTests: XCTestCase {
    private let host1 = host("192.168.1.1")
    private let host2 = host("192.168.1.2")
    private let from1 = ip("192.168.1.1")
    private let from2 = ip("192.168.1.2")

    private func allows(
        _ bindings: [AclBinding], _ operation: AclOperation, on type: AclResourceType = .topic, user: String = "user1",
        from client: IPAddress? = nil, superUsers: Set<String> = [], allowEveryone: Bool = false
    ) -> Bool {
        AclAuthorizer(bindings, superUsers: superUsers, allowEveryoneIfNoAclFound: allowEveryone)
            .authorizeByResourceType(user: user, host: client ?? from1, operation: operation, resourceType: type)
    }

    func testAllowThenDenyOnTheSameResource() {
        // testAuthorizeByResourceTypeMultipleAddAndRemove, testAuthorizeByResourceTypeDenyTakesPrecedence.
        let allowRead = acl(.allow, .user("user1"), .read, on: topic("sb1"), from: host1)
        let denyRead = acl(.deny, .user("user1"), .read, on: topic("sb1"), from: host1)
        XCTAssertFalse(allows([], .read))
        XCTAssertTrue(allows([allowRead], .read))
        XCTAssertFalse(allows([allowRead, denyRead], .read))
    }

    func testUnrelatedDenyDoesNotDominateAllow() {
        // testAuthorizeByResourceTypeIsolationUnrelatedDenyWontDominateAllow.
        let bindings = [
            acl(.deny, .user("user1"), .read, on: topic("sb1"), from: host1),
            acl(.deny, .user("user2"), .read, on: topic("sb1"), from: host1),
            acl(.deny, .user("user1"), .write, on: topic("sb1"), from: host2),
            acl(.deny, .user("user2"), .read, on: topic("sb1"), from: host2),
            acl(.allow, .user("user1"), .read, on: topic("sb1"), from: host2),
            acl(.deny, .user("user1"), .read, on: topic("sb2"), from: host2),
            acl(.deny, .user("user1"), .read, on: group("s", .prefixed), from: host2),
        ]
        XCTAssertFalse(allows(bindings, .read, on: .topic, from: from1))
        XCTAssertFalse(allows(bindings, .read, on: .group, from: from1))
        XCTAssertFalse(allows(bindings, .read, on: .transactionalId, from: from1))
        XCTAssertFalse(allows(bindings, .read, on: .cluster, from: from1))
        XCTAssertTrue(allows(bindings, .read, on: .topic, from: from2))
    }

    func testPrefixedDenyDominatesLongerAllows() {
        // testAuthorizeByResourceTypePrefixedResourceDenyDominate.
        func allowRead(_ prefix: String) -> AclBinding { acl(.allow, .user("user1"), .read, on: group(prefix, .prefixed), from: host1) }
        func denyRead(_ prefix: String) -> AclBinding { acl(.deny, .user("user1"), .read, on: group(prefix, .prefixed), from: host1) }
        var bindings = [allowRead("abcde")]
        XCTAssertTrue(allows(bindings, .read, on: .group))
        bindings.append(denyRead("abcd"))
        XCTAssertFalse(allows(bindings, .read, on: .group))
        bindings.append(allowRead("abc"))
        XCTAssertTrue(allows(bindings, .read, on: .group))
        bindings.append(denyRead("a"))
        XCTAssertFalse(allows(bindings, .read, on: .group))
        bindings.append(allowRead("ab"))
        XCTAssertFalse(allows(bindings, .read, on: .group))
    }

    func testWildcardDenyDominatesEverything() {
        // testAuthorizeByResourceTypeWildcardResourceDenyDominate.
        let allowWrite = AccessControlEntry(principal: .user("user1"), host: host1, operation: .write, permission: .allow)
        let denyWrite = AccessControlEntry(principal: .user("user1"), host: host1, operation: .write, permission: .deny)
        var bindings = [AclBinding(pattern: group("hello", .prefixed), entry: allowWrite)]
        XCTAssertTrue(allows(bindings, .write, on: .group))
        bindings.append(AclBinding(pattern: group("*"), entry: denyWrite))
        XCTAssertFalse(allows(bindings, .write, on: .group))
        bindings.append(AclBinding(pattern: group("*"), entry: allowWrite))
        XCTAssertFalse(allows(bindings, .write, on: .group))
        bindings.append(AclBinding(pattern: group("aloha"), entry: allowWrite))
        XCTAssertFalse(allows(bindings, .write, on: .group))
    }

    func testAllOperationAces() {
        // testAuthorizeByResourceTypeWithAllOperationAce.
        let denyWrite = acl(.deny, .user("user1"), .write, on: topic("sb1"), from: host1)
        let allowAll = acl(.allow, .user("user1"), .all, on: topic("sb1"), from: host1)
        let denyAll = acl(.deny, .user("user1"), .all, on: topic("sb1"), from: host1)
        XCTAssertFalse(allows([], .read))
        XCTAssertTrue(allows([denyWrite, allowAll], .read))
        XCTAssertFalse(allows([denyWrite, allowAll, denyAll], .read))
    }

    func testAllHostAces() {
        // testAuthorizeByResourceTypeWithAllHostAce.
        let allowHost1 = acl(.allow, .user("user1"), .read, on: topic("sb1"), from: host1)
        let denyAllHostsSb1 = acl(.deny, .user("user1"), .read, on: topic("sb1"))
        let denyHost1Sb2 = acl(.deny, .user("user1"), .read, on: topic("sb2"), from: host1)
        let allowAllHostsSb2 = acl(.allow, .user("user1"), .read, on: topic("sb2"))
        let denyAllHostsSb2 = acl(.deny, .user("user1"), .read, on: topic("sb2"))
        XCTAssertTrue(allows([allowHost1], .read, from: from1))
        XCTAssertFalse(allows([allowHost1, denyAllHostsSb1], .read, from: from1))
        var bindings = [allowHost1, denyAllHostsSb1, denyHost1Sb2]
        XCTAssertFalse(allows(bindings, .read, from: from1))
        XCTAssertFalse(allows(bindings, .read, from: from2))
        bindings.append(allowAllHostsSb2)
        XCTAssertTrue(allows(bindings, .read, from: from2))
        bindings.append(denyAllHostsSb2)
        XCTAssertFalse(allows(bindings, .read, from: from2))
    }

    func testAllPrincipalAces() {
        // testAuthorizeByResourceTypeWithAllPrincipalAce.
        let allowUser1 = acl(.allow, .user("user1"), .read, on: topic("sb1"), from: host1)
        let denyAllUsersSb1 = acl(.deny, .anyUser, .read, on: topic("sb1"), from: host1)
        let denyUser1Sb2 = acl(.deny, .user("user1"), .read, on: topic("sb2"), from: host1)
        let allowAllUsersSb2 = acl(.allow, .anyUser, .read, on: topic("sb2"), from: host1)
        let denyAllUsersSb2 = acl(.deny, .anyUser, .read, on: topic("sb2"), from: host1)
        XCTAssertTrue(allows([allowUser1], .read, user: "user1"))
        XCTAssertFalse(allows([allowUser1, denyAllUsersSb1], .read, user: "user1"))
        var bindings = [allowUser1, denyAllUsersSb1, denyUser1Sb2]
        XCTAssertFalse(allows(bindings, .read, user: "user1"))
        XCTAssertFalse(allows(bindings, .read, user: "user2"))
        bindings.append(allowAllUsersSb2)
        XCTAssertTrue(allows(bindings, .read, user: "user2"))
        bindings.append(denyAllUsersSb2)
        XCTAssertFalse(allows(bindings, .read, user: "user2"))
    }

    func testSuperUserHasAccess() {
        // testAuthorizeByResourceTypeSuperUserHasAccess.
        let bindings = AclResourceType.allCases.map {
            acl(.deny, .anyUser, .all, on: ResourcePattern($0, ResourcePattern.wildcard))
        }
        for type in AclResourceType.allCases {
            XCTAssertTrue(allows(bindings, .read, on: type, user: "superuser1", superUsers: ["superuser1"]), "\(type)")
        }
    }

    func testNoAclFoundOverride() {
        // testAuthorizeByResourceTypeNoAclFoundOverride.
        XCTAssertTrue(allows([], .read, allowEveryone: true))
        XCTAssertTrue(allows([], .write, allowEveryone: true))
    }

    func testIdempotentWriteFallbackIsWriteOnAnyTopic() {
        // KIP-679: a producer with Write on some topic may be idempotent.
        let bindings = [acl(.allow, .user("producer"), .write, on: topic("orders-", .prefixed))]
        XCTAssertTrue(allows(bindings, .write, on: .topic, user: "producer"))
        XCTAssertFalse(allows(bindings, .read, on: .topic, user: "producer"))
        XCTAssertFalse(allows(bindings, .write, on: .topic, user: "consumer"))
    }

    func testOperationMustMatchExactlyBeyondTheHardcodedProbe() {
        // ALLOW Read implies Describe for a name, but the scan asks for Describe or All only.
        XCTAssertFalse(allows([acl(.allow, .user("user1"), .read, on: topic("sb1"))], .describe))
        // …unless the ACL covers the probe name `hardcode`, which sees implications.
        XCTAssertTrue(allows([acl(.allow, .user("user1"), .read, on: topic("hard", .prefixed))], .describe))
    }
}
