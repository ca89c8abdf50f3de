import Authorization
import XCTest

/// Kafka's ResourcePatternFilter / AccessControlEntryFilter semantics.
final class AclBindingFilterTests: XCTestCase {
    private let literalFoo = acl(.allow, .user("alice"), .read, on: topic("foo"))
    private let wildcard = acl(.allow, .user("alice"), .read, on: topic("*"))
    private let prefixedFo = acl(.allow, .user("alice"), .read, on: topic("fo", .prefixed))
    private let prefixedFoo = acl(.allow, .user("alice"), .read, on: topic("foo", .prefixed))
    private let prefixedFooBar = acl(.allow, .user("alice"), .read, on: topic("foobar", .prefixed))
    private let literalBar = acl(.allow, .user("alice"), .read, on: topic("bar"))
    private let groupFoo = acl(.allow, .user("alice"), .read, on: group("foo"))

    private var all: [AclBinding] { [literalFoo, wildcard, prefixedFo, prefixedFoo, prefixedFooBar, literalBar, groupFoo] }

    private func matching(_ filter: AclBindingFilter) -> [AclBinding] { all.filter(filter.matches) }

    func testAnyMatchesEverything() {
        XCTAssertEqual(matching(.any), all)
    }

    func testMatchFindsEveryAclThatAppliesToTheName() {
        XCTAssertEqual(
            matching(AclBindingFilter(resourceType: .topic, name: "foo", patternType: .match)),
            [literalFoo, wildcard, prefixedFo, prefixedFoo])
        XCTAssertEqual(
            matching(AclBindingFilter(name: "foo", patternType: .match)),
            [literalFoo, wildcard, prefixedFo, prefixedFoo, groupFoo])
        XCTAssertEqual(matching(AclBindingFilter(resourceType: .topic, patternType: .match)), all.filter { $0.pattern.resourceType == .topic })
    }

    func testAnyPatternTypeWithANameNeedsTheSameName() {
        XCTAssertEqual(matching(AclBindingFilter(resourceType: .topic, name: "foo", patternType: .any)), [literalFoo, prefixedFoo])
        XCTAssertEqual(matching(AclBindingFilter(resourceType: .topic, name: "*", patternType: .any)), [wildcard])
    }

    func testLiteralAndPrefixedFiltersNeedThatPatternType() {
        XCTAssertEqual(matching(AclBindingFilter(resourceType: .topic, name: "foo", patternType: .exactly(.literal))), [literalFoo])
        XCTAssertEqual(matching(AclBindingFilter(resourceType: .topic, name: "foo", patternType: .exactly(.prefixed))), [prefixedFoo])
        XCTAssertEqual(
            matching(AclBindingFilter(resourceType: .topic, patternType: .exactly(.prefixed))), [prefixedFo, prefixedFoo, prefixedFooBar])
    }

    func testKafkasAclsFilter() {
        // AuthorizerTest.testAclsFilter.
        let acl1 = acl(.allow, .user("alice"), .read, on: topic("foo-1"))
        let acl2 = acl(.allow, .user("alice"), .write, on: topic("foo-1"), from: host("192.168.0.1"))
        let acl3 = acl(.allow, .user("alice"), .describe, on: topic("bar-2"))
        let acl4 = acl(.allow, .anyUser, .read, on: topic("bar-", .prefixed))
        let bindings = [acl1, acl2, acl3, acl4]
        func matching(_ filter: AclBindingFilter) -> [AclBinding] { bindings.filter(filter.matches) }
        XCTAssertEqual(matching(AclBindingFilter(resourceType: .topic, name: "foo-1", patternType: .exactly(.literal))), [acl1, acl2])
        XCTAssertEqual(matching(AclBindingFilter(resourceType: .topic, name: "bar-", patternType: .exactly(.prefixed))), [acl4])
        XCTAssertEqual(matching(AclBindingFilter(name: "bar-2", patternType: .match)), [acl3, acl4])
        XCTAssertEqual(matching(AclBindingFilter(resourceType: .topic, name: "baz", patternType: .any)), [])
        XCTAssertEqual(
            matching(AclBindingFilter(
                resourceType: .topic, name: "foo-1", patternType: .exactly(.literal), principal: .user("alice"),
                host: .any, operation: .read, permission: .allow)),
            [acl1])
    }

    func testPrincipalFilterIsExact() {
        // AuthorizerTest.testGetAclsPrincipal: User:* finds only User:* ACLs.
        let forAlice = acl(.allow, .user("alice"), .write, on: topic("t"))
        let forAnyone = acl(.allow, .anyUser, .write, on: topic("t"))
        XCTAssertEqual([forAlice, forAnyone].filter(AclBindingFilter(principal: .anyUser).matches), [forAnyone])
        XCTAssertEqual([forAlice, forAnyone].filter(AclBindingFilter(principal: .user("alice")).matches), [forAlice])
        XCTAssertEqual([forAlice, forAnyone].filter(AclBindingFilter(principal: .user("bob")).matches), [])
    }

    func testEntryFieldsFilter() {
        let readFromOne = acl(.allow, .user("alice"), .read, on: topic("t"), from: host("10.0.0.1"))
        let denyWrite = acl(.deny, .user("alice"), .write, on: topic("t"))
        let bindings = [readFromOne, denyWrite]
        XCTAssertEqual(bindings.filter(AclBindingFilter(host: host("::ffff:10.0.0.1")).matches), [readFromOne])
        XCTAssertEqual(bindings.filter(AclBindingFilter(host: .any).matches), [denyWrite])
        XCTAssertEqual(bindings.filter(AclBindingFilter(operation: .write).matches), [denyWrite])
        XCTAssertEqual(bindings.filter(AclBindingFilter(operation: .all).matches), [], "All in a filter is the operation All, not any")
        XCTAssertEqual(bindings.filter(AclBindingFilter(permission: .allow).matches), [readFromOne])
    }

    func testFromWireCodes() throws {
        let filter = try AclBindingFilter(
            resourceTypeCode: 1, name: "foo", patternTypeCode: 2, principal: nil, host: nil, operationCode: 1, permissionCode: 1)
        XCTAssertEqual(filter, AclBindingFilter(name: "foo", patternType: .match))
        let exact = try AclBindingFilter(
            resourceTypeCode: 2, name: nil, patternTypeCode: 4, principal: "User:*", host: "10.0.0.1", operationCode: 3, permissionCode: 3)
        XCTAssertEqual(
            exact,
            AclBindingFilter(
                resourceType: .topic, patternType: .exactly(.prefixed), principal: .anyUser, host: host("10.0.0.1"), operation: .read,
                permission: .allow))
        XCTAssertEqual(
            try AclBindingFilter(resourceTypeCode: 1, name: nil, patternTypeCode: 1, principal: nil, host: nil, operationCode: 1, permissionCode: 1),
            .any)
    }

    func testWireCodesThatAreRefused() {
        let table: [(codes: (Int8, Int8, Int8, Int8), principal: String?, host: String?, reason: AclValidationError.Reason)] = [
            ((0, 1, 1, 1), nil, nil, .unknownCode(.resourceType, 0)),
            ((9, 1, 1, 1), nil, nil, .unknownCode(.resourceType, 9)),
            ((6, 1, 1, 1), nil, nil, .unsupportedCode(.resourceType, 6)),
            ((1, 0, 1, 1), nil, nil, .unknownCode(.patternType, 0)),
            ((1, 5, 1, 1), nil, nil, .unknownCode(.patternType, 5)),
            ((1, 1, 0, 1), nil, nil, .unknownCode(.operation, 0)),
            ((1, 1, 13, 1), nil, nil, .unsupportedCode(.operation, 13)),
            ((1, 1, 1, 0), nil, nil, .unknownCode(.permission, 0)),
            ((1, 1, 1, 4), nil, nil, .unknownCode(.permission, 4)),
            ((1, 1, 1, 1), "Group:x", nil, .invalidPrincipal("Group:x")),
            ((1, 1, 1, 1), nil, "localhost", .invalidHost("localhost")),
        ]
        for (codes, principal, host, reason) in table {
            XCTAssertThrowsError(
                try AclBindingFilter(
                    resourceTypeCode: codes.0, name: nil, patternTypeCode: codes.1, principal: principal, host: host,
                    operationCode: codes.2, permissionCode: codes.3),
                "\(codes)"
            ) { error in
                XCTAssertEqual(error as? AclValidationError, AclValidationError(reason), "\(codes)")
            }
        }
    }

    func testDescriptionReadsLikeKafkas() {
        XCTAssertEqual(
            AclBindingFilter(resourceType: .topic, name: "orders", patternType: .match).description,
            "(resourceType=Topic, name=orders, patternType=MATCH, principal=<any>, host=<any>, operation=<any>, permission=<any>)")
    }
}
