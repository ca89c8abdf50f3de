import Authorization
import XCTest

/// Which ACLs apply to a request: principal, host, resource type and name.
final class AclMatchingTests: XCTestCase {
    func testTopicAclFromKafka() {
        // Kafka's AuthorizerTest.testTopicAcl.
        let host1 = host("192.168.1.1"), host2 = host("192.168.1.2")
        let authorizer = AclAuthorizer([
            acl(.allow, .user("alice"), .read, on: topic("t"), from: host1),
            acl(.allow, .user("alice"), .read, on: topic("t"), from: host2),
            acl(.deny, .user("alice"), .read, on: topic("t"), from: host1),
            acl(.allow, .user("alice"), .write, on: topic("t"), from: host1),
            acl(.allow, .user("alice"), .describe, on: topic("t")),
            acl(.allow, .user("rob"), .read, on: topic("t")),
            acl(.allow, .user("batman"), .write, on: topic("t")),
        ])
        let from1 = ip("192.168.1.1"), from2 = ip("192.168.1.2")
        XCTAssertTrue(authorizer.allows("alice", .read, "t", from: from2))
        XCTAssertFalse(authorizer.allows("alice", .read, "t", from: from1))
        XCTAssertTrue(authorizer.allows("alice", .write, "t", from: from1))
        XCTAssertFalse(authorizer.allows("alice", .write, "t", from: from2))
        XCTAssertTrue(authorizer.allows("alice", .describe, "t", from: from1))
        XCTAssertTrue(authorizer.allows("alice", .describe, "t", from: from2))
        XCTAssertFalse(authorizer.allows("alice", .alter, "t", from: from1))
        XCTAssertTrue(authorizer.allows("rob", .describe, "t", from: from1))
        XCTAssertTrue(authorizer.allows("batman", .describe, "t", from: from1))
        XCTAssertTrue(authorizer.allows("rob", .read, "t", from: from1))
        XCTAssertTrue(authorizer.allows("batman", .write, "t", from: from1))
    }

    func testAnyUserPrincipalMatchesEveryUser() {
        let authorizer = AclAuthorizer([acl(.allow, .anyUser, .read, on: topic("t"))])
        for user in ["alice", "bob", "ANONYMOUS", "*"] {
            XCTAssertTrue(authorizer.allows(user, .read, "t"), user)
        }
    }

    func testUserPrincipalMatchesOnlyThatUserByteForByte() {
        let authorizer = AclAuthorizer([acl(.allow, .user("Jos\u{E9}"), .read, on: topic("t"))])
        XCTAssertTrue(authorizer.allows("Jos\u{E9}", .read, "t"))
        XCTAssertFalse(authorizer.allows("jos\u{E9}", .read, "t"))
        XCTAssertFalse(authorizer.allows("Jose\u{301}", .read, "t"))
    }

    func testUserNamedStarIsNotEveryUser() {
        // `.user("*")` prints as User:*, and Kafka compares the text: it is the wildcard.
        let authorizer = AclAuthorizer([acl(.allow, .user("*"), .read, on: topic("t"))])
        XCTAssertTrue(authorizer.allows("bob", .read, "t"))
    }

    func testHostMatchesTheClientAddressOrAnyHost() {
        let authorizer = AclAuthorizer([
            acl(.allow, .user("alice"), .read, on: topic("t"), from: host("10.0.0.1")),
            acl(.allow, .user("alice"), .write, on: topic("t"), from: host("2001:db8::1")),
            acl(.allow, .user("alice"), .describe, on: topic("t"), from: anyHost),
        ])
        XCTAssertTrue(authorizer.allows("alice", .read, "t", from: ip("10.0.0.1")))
        XCTAssertFalse(authorizer.allows("alice", .read, "t", from: ip("10.0.0.2")))
        XCTAssertTrue(authorizer.allows("alice", .write, "t", from: ip("2001:db8:0::1")))
        XCTAssertFalse(authorizer.allows("alice", .write, "t", from: ip("2001:db8::2")))
        XCTAssertTrue(authorizer.allows("alice", .describe, "t", from: ip("::1")))
    }

    func testIPv4MappedClientAddressMatchesTheIPv4Host() {
        // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d.
        let authorizer = AclAuthorizer([
            acl(.allow, .user("alice"), .read, on: topic("t"), from: host("10.0.0.1")),
            acl(.deny, .user("alice"), .read, on: topic("t"), from: host("::ffff:10.0.0.2")),
            acl(.allow, .user("alice"), .read, on: topic("t"), from: host("10.0.0.2")),
        ])
        XCTAssertTrue(authorizer.allows("alice", .read, "t", from: ip("::ffff:10.0.0.1")))
        XCTAssertFalse(authorizer.allows("alice", .read, "t", from: ip("10.0.0.2")))
        XCTAssertFalse(authorizer.allows("alice", .read, "t", from: ip("::ffff:10.0.0.2")))
        XCTAssertFalse(authorizer.allows("alice", .read, "t", from: ip("::ffff:10.0.0.3")))
    }

    func testLiteralWildcardCoversEveryNameOfItsTypeOnly() {
        let authorizer = AclAuthorizer([acl(.allow, .user("alice"), .read, on: topic("*"))])
        for name in ["orders", "*", "", "a*"] {
            XCTAssertTrue(authorizer.allows("alice", .read, name), name)
        }
        XCTAssertFalse(authorizer.allows("alice", .read, "orders", type: .group))
    }

    func testLiteralCoversOnlyItsExactName() {
        // Kafka's testSingleCharacterResourceAcls, first half.
        let authorizer = AclAuthorizer([acl(.allow, .user("alice"), .read, on: topic("f"))])
        XCTAssertTrue(authorizer.allows("alice", .read, "f"))
        XCTAssertFalse(authorizer.allows("alice", .read, "foo"))
        XCTAssertFalse(authorizer.allows("alice", .read, ""))
        XCTAssertFalse(authorizer.allows("alice", .read, "F"))
    }

    func testPrefixedCoversNamesStartingWithIt() {
        // Kafka's testSingleCharacterResourceAcls, second half, and testPrefixAcls.
        let single = AclAuthorizer([acl(.allow, .user("alice"), .read, on: topic("_", .prefixed))])
        XCTAssertTrue(single.allows("alice", .read, "_foo"))
        XCTAssertTrue(single.allows("alice", .read, "_"))
        XCTAssertFalse(single.allows("alice", .read, "foo_"))

        let authorizer = AclAuthorizer([
            acl(.allow, .user("alice"), .all, on: topic("fooa", .prefixed)),
            acl(.allow, .user("bob"), .all, on: topic("foobar")),
            acl(.allow, .user("bob"), .all, on: topic("f", .prefixed)),
        ])
        XCTAssertTrue(authorizer.allows("bob", .write, "foobarr"))
        XCTAssertFalse(authorizer.allows("bob", .read, "goobar"))
        XCTAssertTrue(authorizer.allows("bob", .read, "fooa"))
        XCTAssertTrue(authorizer.allows("alice", .describe, "fooa"))
        XCTAssertFalse(authorizer.allows("alice", .write, "bar"))
        XCTAssertFalse(authorizer.allows("alice", .read, "foo"))
    }

    func testPrefixedWithManyNeighboursFindsTheRightOne() {
        // Kafka's testAuthorizeWithPrefixedResource: DENYs on neighbouring names and prefixes do not apply.
        let denies = ["a_other", "foo-1", "foo-2", "foo-3-zzz", "fooo-4", "fo-5", "fop-6", "fon-7", "fon-", "z_other"]
        var bindings = denies.map { acl(.deny, .user("alice"), .read, on: topic($0, .prefixed)) }
        bindings.append(acl(.deny, .user("alice"), .read, on: topic("a_other")))
        bindings.append(acl(.deny, .user("alice"), .read, on: topic("z_other")))
        bindings.append(acl(.allow, .user("alice"), .read, on: topic("foo-", .prefixed)))
        XCTAssertTrue(AclAuthorizer(bindings).allows("alice", .read, "foo-topic"))
    }

    func testNamesCompareByteForByteAsInKafka() {
        // "e" + combining acute is one Character: Swift's hasPrefix("e") says no, Kafka's startsWith says yes.
        let authorizer = AclAuthorizer([
            acl(.allow, .user("alice"), .read, on: topic("*")),
            acl(.deny, .user("alice"), .read, on: topic("e", .prefixed)),
            acl(.deny, .user("alice"), .read, on: topic("caf\u{E9}")),
        ])
        XCTAssertFalse(authorizer.allows("alice", .read, "e\u{301}x"))
        XCTAssertFalse(authorizer.allows("alice", .read, "caf\u{E9}"))
        XCTAssertTrue(authorizer.allows("alice", .read, "cafe\u{301}"), "canonically equivalent, but another name to Kafka")
    }

    func testAclsOfOneResourceTypeDoNotReachAnother() {
        let authorizer = AclAuthorizer([
            acl(.allow, .user("alice"), .read, on: topic("x")),
            acl(.deny, .user("alice"), .read, on: group("x")),
        ])
        XCTAssertTrue(authorizer.allows("alice", .read, "x"))
        XCTAssertFalse(authorizer.allows("alice", .read, "x", type: .group))
        XCTAssertFalse(authorizer.allows("alice", .read, "x", type: .transactionalId))
    }

    func testEmptyResourceNameIsCoveredOnlyByTheWildcard() {
        // Kafka's testAuthorizeWithEmptyResourceName.
        XCTAssertFalse(AclAuthorizer([]).allows("alice", .read, "", type: .group))
        let authorizer = AclAuthorizer([acl(.allow, .user("alice"), .read, on: group("*"))])
        XCTAssertTrue(authorizer.allows("alice", .read, "", type: .group))
    }
}
