import Authorization
import Gateway
import NIOCore
import XCTest

final class CIDRAllowListTests: XCTestCase {
    func testEmptyListAllowsEveryAddress() throws {
        let list = try CIDRAllowList(parsing: [])
        XCTAssertTrue(list.allowsEveryAddress)
        XCTAssertTrue(list.allows(try SocketAddress(ipAddress: "203.0.113.9", port: 1)))
        XCTAssertTrue(list.allows(try SocketAddress(ipAddress: "2001:db8::1", port: 1)))
        XCTAssertTrue(list.allows(nil as SocketAddress?))
        XCTAssertEqual(list, .everyAddress)
    }

    func testRestrictedListAllowsOnlyItsBlocks() throws {
        let list = try CIDRAllowList(parsing: ["10.0.0.0/8", "192.168.1.7", "2001:db8::/32"])
        XCTAssertFalse(list.allowsEveryAddress)
        let allowed = ["10.9.8.7", "192.168.1.7", "2001:db8::1", "::ffff:10.0.0.1"]
        let refused = ["11.0.0.1", "192.168.1.8", "2001:db9::1", "::1", "127.0.0.1", "::ffff:11.0.0.1"]
        for address in allowed {
            XCTAssertTrue(list.allows(try SocketAddress(ipAddress: address, port: 9094)), address)
        }
        for address in refused {
            XCTAssertFalse(list.allows(try SocketAddress(ipAddress: address, port: 9094)), address)
        }
    }

    func testRestrictedListRefusesUnknownAndNonIPPeers() throws {
        let list = try CIDRAllowList(parsing: ["0.0.0.0/0", "::/0"])
        XCTAssertFalse(list.allows(nil as SocketAddress?))
        XCTAssertFalse(list.allows(try SocketAddress(unixDomainSocketPath: "/tmp/portcullis.sock")))
    }

    func testOneBadEntryFailsTheWholeList() {
        // Dropping the bad entry would leave an empty list, which allows everyone.
        XCTAssertThrowsError(try CIDRAllowList(parsing: ["10.0.0.1/8"])) { error in
            XCTAssertEqual(error as? CIDRBlockParseError, CIDRBlockParseError(input: "10.0.0.1/8", reason: .hostBitsSet(network: "10.0.0.0/8")))
        }
        XCTAssertThrowsError(try CIDRAllowList(parsing: ["10.0.0.0/8", "10.0.0.0/33"]))
    }
}
