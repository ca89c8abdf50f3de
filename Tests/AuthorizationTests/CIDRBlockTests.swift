import Authorization
import XCTest

final class CIDRBlockTests: XCTestCase {
    func testValidBlocksParseToTheirCanonicalForm() throws {
        let table: [(input: String, canonical: String)] = [
            ("10.0.0.0/8", "10.0.0.0/8"),
            ("192.168.1.7/32", "192.168.1.7/32"),
            ("192.168.1.7", "192.168.1.7/32"),
            ("0.0.0.0/0", "0.0.0.0/0"),
            ("::1/128", "::1/128"),
            ("::1", "::1/128"),
            ("2001:db8::/32", "2001:db8::/32"),
            ("2001:DB8:0000::/48", "2001:db8::/48"),
            ("::/0", "::/0"),
            ("fe80::/10", "fe80::/10"),
            // IPv4-mapped blocks are the IPv4 blocks they denote.
            ("::ffff:10.0.0.0/104", "10.0.0.0/8"),
            ("::ffff:192.168.1.7", "192.168.1.7/32"),
            ("::ffff:0:0/96", "0.0.0.0/0"),
        ]
        for (input, canonical) in table {
            XCTAssertEqual(try CIDRBlock(input).description, canonical, input)
        }
    }

    func testInvalidBlocksAreRefusedWithTheReason() {
        let table: [(input: String, reason: CIDRBlockParseError.Reason)] = [
            ("", .invalidAddress),
            ("/8", .invalidAddress),
            ("10.0.0/8", .invalidAddress),
            ("010.0.0.0/8", .invalidAddress),
            ("10.0.0.256/32", .invalidAddress),
            (" 10.0.0.0/8", .invalidAddress),
            ("10.0.0.0/8/9", .invalidPrefixLength),
            ("fe80::1%eth0/128", .invalidAddress),
            ("[::1]/128", .invalidAddress),
            ("1::2::3/64", .invalidAddress),
            ("localhost/32", .invalidAddress),
            ("10.0.0.1\u{0}/32", .invalidAddress),
            ("10.0.0.0/", .invalidPrefixLength),
            ("10.0.0.0/08", .invalidPrefixLength),
            ("10.0.0.0/+8", .invalidPrefixLength),
            ("10.0.0.0/-1", .invalidPrefixLength),
            ("10.0.0.0/8 ", .invalidPrefixLength),
            ("10.0.0.0/1000", .invalidPrefixLength),
            ("10.0.0.0/33", .prefixLengthTooLong(maximum: 32)),
            ("::/129", .prefixLengthTooLong(maximum: 128)),
            ("10.0.0.1/8", .hostBitsSet(network: "10.0.0.0/8")),
            ("192.168.1.7/24", .hostBitsSet(network: "192.168.1.0/24")),
            ("2001:db8::1/32", .hostBitsSet(network: "2001:db8::/32")),
            ("::ffff:10.0.0.1/104", .hostBitsSet(network: "10.0.0.0/8")),
            ("::ffff:10.0.0.0/80", .hostBitsSet(network: "::/80")),
        ]
        for (input, reason) in table {
            XCTAssertThrowsError(try CIDRBlock(input), input) { error in
                XCTAssertEqual(error as? CIDRBlockParseError, CIDRBlockParseError(input: input, reason: reason), input)
            }
        }
    }

    func testHostBitsErrorNamesTheBlockThatWasProbablyMeant() {
        XCTAssertThrowsError(try CIDRBlock("10.1.2.3/16")) { error in
            XCTAssertEqual("\(error)", "'10.1.2.3/16' is not a CIDR block: bits past the prefix are set (did you mean 10.1.0.0/16?)")
        }
    }

    func testMatching() throws {
        let table: [(block: String, address: String, contained: Bool)] = [
            ("10.0.0.0/8", "10.0.0.0", true),
            ("10.0.0.0/8", "10.255.255.255", true),
            ("10.0.0.0/8", "11.0.0.0", false),
            ("10.0.0.0/8", "9.255.255.255", false),
            ("192.168.1.7/32", "192.168.1.7", true),
            ("192.168.1.7/32", "192.168.1.8", false),
            ("0.0.0.0/0", "203.0.113.9", true),
            // A dual-stack socket reports IPv4 clients as IPv4-mapped IPv6.
            ("10.0.0.0/8", "::ffff:10.1.2.3", true),
            ("10.0.0.0/8", "::ffff:11.1.2.3", false),
            ("0.0.0.0/0", "::ffff:1.2.3.4", true),
            ("0.0.0.0/0", "::1", false),
            // IPv6 blocks do not reach IPv4 clients, mapped or not.
            ("::/0", "10.0.0.1", false),
            ("::/0", "::ffff:10.0.0.1", false),
            ("::/0", "2001:db8::1", true),
            ("::1/128", "::1", true),
            ("::1/128", "::2", false),
            ("2001:db8::/32", "2001:db8:ffff:ffff::1", true),
            ("2001:db8::/32", "2001:db9::", false),
            ("fe80::/10", "febf::1", true),
            ("fe80::/10", "fec0::1", false),
        ]
        for (block, address, contained) in table {
            let parsed = try CIDRBlock(block)
            let ip = try XCTUnwrap(IPAddress(address), address)
            XCTAssertEqual(parsed.contains(ip), contained, "\(block) contains \(address)")
        }
    }

    func testIPAddressTextRoundTrips() throws {
        for text in ["0.0.0.0", "255.255.255.255", "10.1.2.3", "::", "::1", "2001:db8::8:800:200c:417a", "::ffff:10.1.2.3"] {
            XCTAssertEqual(try XCTUnwrap(IPAddress(text)).description, text)
        }
        XCTAssertEqual(IPAddress("::ffff:10.1.2.3")?.unmapped, IPAddress("10.1.2.3"))
        XCTAssertEqual(IPAddress("::1")?.unmapped, IPAddress("::1"))
    }
}
