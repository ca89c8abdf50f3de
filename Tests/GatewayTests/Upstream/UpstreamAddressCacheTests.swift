@testable import Gateway
import NIOCore
import XCTest

final class UpstreamAddressCacheTests: XCTestCase {
    private let named = UpstreamEndpoint(host: "broker-1.kafka.internal", port: 9092)

    func testALiteralAddressIsUsedAsItIs() throws {
        let cache = UpstreamAddressCache()
        let literal = UpstreamEndpoint(host: "::1", port: 19092)
        XCTAssertEqual(cache.address(of: literal), try SocketAddress(ipAddress: "::1", port: 19092))
    }

    func testANameIsResolvedUntilItHasConnectedThenForItsLifetime() throws {
        let cache = UpstreamAddressCache(lifetime: .seconds(30))
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let address = try SocketAddress(ipAddress: "10.0.0.7", port: 9092)
        XCTAssertNil(cache.address(of: named, now: start), "never connected: resolve")

        cache.connected(named, at: address, now: start)
        XCTAssertEqual(cache.address(of: named, now: start + .seconds(29)), address)
        XCTAssertNil(cache.address(of: named, now: start + .seconds(30)), "expired: resolve again")
        XCTAssertNil(cache.address(of: named, now: start + .seconds(1)), "an expired entry is gone")
    }

    func testAFailedConnectionForgetsTheAddress() throws {
        let cache = UpstreamAddressCache()
        cache.connected(named, at: try SocketAddress(ipAddress: "10.0.0.7", port: 9092))
        cache.failed(named)
        XCTAssertNil(cache.address(of: named))
    }
}
