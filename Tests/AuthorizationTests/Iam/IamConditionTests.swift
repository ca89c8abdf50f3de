import Authorization
import XCTest

/// Each condition operator with the key present and absent, and IfExists.
final class IamConditionTests: XCTestCase {
    private let orders = testCluster.topicArn("orders")

    /// Whether a one-statement Allow with `condition` allows ReadData on orders in `context`.
    private func allows(_ condition: String, _ context: IamRequestContext, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let set = policies(("p", statementDocument(#""Effect":"Allow","Action":"kafka-cluster:ReadData","Resource":"*","Condition":"# + condition)))
        return set.evaluate(action: .readData, resourceArn: orders, context: context).isAllowed
    }

    private func at(_ address: String) -> IamRequestContext { IamRequestContext(sourceIp: ip(address)) }

    func testIpAddressIPv4AndIPv6BlocksAndSingleAddresses() {
        let office = #"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32","192.168.1.7"]}}"#
        XCTAssertTrue(allows(office, at("10.20.30.40")))
        XCTAssertTrue(allows(office, at("2001:db8::5")))
        XCTAssertTrue(allows(office, at("192.168.1.7")))
        XCTAssertTrue(allows(office, at("::ffff:10.1.1.1")), "an IPv4-mapped IPv6 client is its IPv4 address")
        XCTAssertFalse(allows(office, at("192.168.1.8")))
        XCTAssertFalse(allows(office, at("2001:db9::1")))
        XCTAssertFalse(allows(office, IamRequestContext()), "absent key: positive operator is false")
        let outside = #"{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]}}"#
        XCTAssertTrue(allows(outside, at("172.16.0.1")))
        XCTAssertFalse(allows(outside, at("10.0.0.1")), "negated operator: the key must match none of the values")
        XCTAssertFalse(allows(outside, at("2001:db8::1")))
        XCTAssertTrue(allows(outside, IamRequestContext()), "absent key: negated operator is true")
        XCTAssertTrue(allows(#"{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}"#, IamRequestContext()))
        XCTAssertFalse(allows(#"{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}"#, at("11.0.0.1")))
    }

    func testCurrentTimeWindowsAndEpochTime() {
        let window = #"{"DateGreaterThanEquals":{"aws:CurrentTime":"2026-12-07T09:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2026-12-07T17:00:00+00:00"}}"#
        func when(_ seconds: Double) -> IamRequestContext { IamRequestContext(currentTime: IamTimestamp(secondsSince1970: seconds)) }
        XCTAssertTrue(allows(window, when(testNow.secondsSince1970)))
        XCTAssertTrue(allows(window, when(testNow.secondsSince1970 - 6 * 3600)), "09:00:00 itself is in the window")
        XCTAssertFalse(allows(window, when(testNow.secondsSince1970 - 6 * 3600 - 1)))
        XCTAssertFalse(allows(window, when(testNow.secondsSince1970 + 2 * 3600)), "17:00:00 is past DateLessThan")
        XCTAssertFalse(allows(window, IamRequestContext()))
        // +01:00 is an hour ahead of UTC: 16:00+01:00 is 15:00Z.
        XCTAssertTrue(allows(#"{"DateEquals":{"aws:CurrentTime":"2026-12-07T16:00:00+01:00"}}"#, when(testNow.secondsSince1970 + 0.4)))
        XCTAssertFalse(allows(#"{"DateNotEquals":{"aws:CurrentTime":"2026-12-07T15:00:00Z"}}"#, when(testNow.secondsSince1970)))
        XCTAssertTrue(allows(#"{"DateNotEquals":{"aws:CurrentTime":"2026-12-07T15:00:00Z"}}"#, IamRequestContext()))
        XCTAssertTrue(allows(#"{"DateLessThanEquals":{"aws:EpochTime":"1796655600"}}"#, when(testNow.secondsSince1970)))
        XCTAssertFalse(allows(#"{"DateGreaterThan":{"aws:EpochTime":"1796655600"}}"#, when(testNow.secondsSince1970)))
        XCTAssertTrue(allows(#"{"NumericGreaterThan":{"aws:EpochTime":1796655599}}"#, when(testNow.secondsSince1970)))
        XCTAssertTrue(allows(#"{"DateLessThanIfExists":{"aws:CurrentTime":"2020-01-01"}}"#, IamRequestContext()))
        XCTAssertFalse(allows(#"{"DateLessThanIfExists":{"aws:CurrentTime":"2020-01-01"}}"#, when(testNow.secondsSince1970)))
    }

    func testStringOperators() {
        let alice = IamRequestContext(principalArn: "arn:aws:iam::123456789012:user/alice", username: "alice")
        let absent = IamRequestContext()
        let cases: [(String, Bool, Bool)] = [
            // condition, with alice, with the key absent
            (#"{"StringEquals":{"aws:username":["bob","alice"]}}"#, true, false),
            (#"{"StringEquals":{"aws:username":"Alice"}}"#, false, false),
            (#"{"StringNotEquals":{"aws:username":["bob","carol"]}}"#, true, true),
            (#"{"StringNotEquals":{"aws:username":["bob","alice"]}}"#, false, true),
            (#"{"StringEqualsIgnoreCase":{"aws:username":"ALICE"}}"#, true, false),
            (#"{"StringNotEqualsIgnoreCase":{"aws:username":"ALICE"}}"#, false, true),
            (#"{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/a*"}}"#, true, false),
            (#"{"StringLike":{"aws:username":"al?ce"}}"#, true, false),
            (#"{"StringNotLike":{"aws:username":"a*"}}"#, false, true),
            (#"{"StringEqualsIfExists":{"aws:username":"bob"}}"#, false, true),
            (#"{"StringNotEqualsIfExists":{"aws:username":"bob"}}"#, true, true),
            (#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/*"}}"#, true, false),
            (#"{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/alice"}}"#, false, true),
            (#"{"Null":{"aws:username":"true"}}"#, false, true),
            (#"{"Null":{"aws:username":"false"}}"#, true, false),
            (#"{"StringEquals":{"aws:ResourceTag/Owner":"alice"}}"#, false, false),
            (#"{"StringNotEquals":{"aws:ResourceTag/Owner":"alice"}}"#, true, true),
            // Several keys and operators are ANDed.
            (#"{"StringEquals":{"aws:username":"alice","aws:PrincipalArn":"arn:aws:iam::123456789012:user/bob"}}"#, false, false),
            (#"{"StringEquals":{"aws:username":"alice"},"StringLike":{"aws:PrincipalArn":"*"}}"#, true, false),
        ]
        for (condition, withAlice, withoutKey) in cases {
            XCTAssertEqual(allows(condition, alice), withAlice, "alice: \(condition)")
            XCTAssertEqual(allows(condition, absent), withoutKey, "absent: \(condition)")
        }
    }

    func testBoolSecureTransport() {
        XCTAssertTrue(allows(#"{"Bool":{"aws:SecureTransport":"true"}}"#, IamRequestContext(secureTransport: true)))
        XCTAssertFalse(allows(#"{"Bool":{"aws:SecureTransport":true}}"#, IamRequestContext(secureTransport: false)))
        XCTAssertFalse(allows(#"{"Bool":{"aws:SecureTransport":"true"}}"#, IamRequestContext()))
        XCTAssertTrue(allows(#"{"BoolIfExists":{"aws:SecureTransport":"true"}}"#, IamRequestContext()))
    }

    func testDenyWithNotIpAddressFencesTheOfficeOnly() {
        // AWS's usual pattern: Allow everything, Deny from outside a range.
        let set = policies(
            ("p", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kafka-cluster:*","Resource":"*"},"#
                + #"{"Sid":"Fence","Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#))
        XCTAssertTrue(set.evaluate(action: .readData, resourceArn: orders, context: IamRequestContext(sourceIp: ip("10.1.1.1"))).isAllowed)
        XCTAssertEqual(
            set.evaluate(action: .readData, resourceArn: orders, context: IamRequestContext(sourceIp: ip("8.8.8.8"))),
            .explicitDeny(policy: "p", statement: "Fence"))
    }
}
