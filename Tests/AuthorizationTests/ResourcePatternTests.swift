import Authorization
import XCTest

final class ResourcePatternTests: XCTestCase {
    func testLiteralMatchesTheExactNameOrEverythingForStar() {
        XCTAssertTrue(topic("orders").matches(ResourceName(.topic, "orders")))
        XCTAssertFalse(topic("orders").matches(ResourceName(.topic, "orders-eu")))
        XCTAssertFalse(topic("orders").matches(ResourceName(.group, "orders")))
        XCTAssertTrue(topic("*").matches(ResourceName(.topic, "anything")))
        XCTAssertFalse(topic("*").matches(ResourceName(.group, "anything")))
    }

    func testPrefixedMatchesNamesStartingWithIt() {
        XCTAssertTrue(topic("orders-", .prefixed).matches(ResourceName(.topic, "orders-eu")))
        XCTAssertTrue(topic("orders-", .prefixed).matches(ResourceName(.topic, "orders-")))
        XCTAssertFalse(topic("orders-", .prefixed).matches(ResourceName(.topic, "orders")))
        XCTAssertFalse(topic("*", .prefixed).matches(ResourceName(.topic, "orders")), "PREFIXED * is not a wildcard")
    }

    func testNamesCompareByteForByteNotByCharacter() {
        // Swift's == and hasPrefix compare canonically equivalent Characters; Kafka compares code units.
        XCTAssertTrue(topic("e", .prefixed).matches(ResourceName(.topic, "e\u{301}")))
        XCTAssertFalse(topic("\u{E9}").matches(ResourceName(.topic, "e\u{301}")))
        XCTAssertFalse(topic("\u{E9}", .prefixed).matches(ResourceName(.topic, "e\u{301}x")))
    }

    func testPrincipalsCompareByteForByte() {
        XCTAssertTrue(AclPrincipal.user("Jos\u{E9}").matches(userName: "Jos\u{E9}"))
        XCTAssertFalse(AclPrincipal.user("Jos\u{E9}").matches(userName: "Jose\u{301}"))
        XCTAssertTrue(AclPrincipal.anyUser.matches(userName: "anyone"))
        XCTAssertTrue(AclPrincipal.user("*").matches(userName: "anyone"), "User:* by any spelling is every user")
    }
}
