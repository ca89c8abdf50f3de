@testable import Broker
import XCTest

final class WarningRateLimiterTests: XCTestCase {
    private let start = ContinuousClock.now
    private let elapsedMilliseconds = ManualClock(0)

    private func limiter() -> WarningRateLimiter<String> {
        WarningRateLimiter(interval: .seconds(10)) { [start, elapsedMilliseconds] in
            start + .milliseconds(elapsedMilliseconds.value)
        }
    }

    private func advance(milliseconds: Int64) {
        elapsedMilliseconds.value += milliseconds
    }

    func testTheFirstWarningPassesThenOnePerIntervalWithTheCountHeldBack() {
        var limiter = limiter()
        XCTAssertEqual(limiter.admit("orders-0"), 0)
        for _ in 0..<5 {
            advance(milliseconds: 1_000)
            XCTAssertNil(limiter.admit("orders-0"))
        }
        advance(milliseconds: 5_000)  // 10 s after the first
        XCTAssertEqual(limiter.admit("orders-0"), 5)
        advance(milliseconds: 9_999)
        XCTAssertNil(limiter.admit("orders-0"))
        advance(milliseconds: 1)
        XCTAssertEqual(limiter.admit("orders-0"), 1)
    }

    func testKeysAreLimitedSeparately() {
        var limiter = limiter()
        XCTAssertEqual(limiter.admit("orders-0"), 0)
        XCTAssertEqual(limiter.admit("orders-1"), 0)
        XCTAssertNil(limiter.admit("orders-0"))
        XCTAssertNil(limiter.admit("orders-1"))
        XCTAssertNil(limiter.admit("orders-1"))
        advance(milliseconds: 10_000)
        XCTAssertEqual(limiter.admit("orders-1"), 2)
        XCTAssertEqual(limiter.admit("orders-0"), 1)
    }

    func testAQuietKeyStartsAfreshWithNothingHeldBack() {
        var limiter = limiter()
        XCTAssertEqual(limiter.admit("orders-0"), 0)
        advance(milliseconds: 60_000)
        XCTAssertEqual(limiter.admit("orders-0"), 0)
    }
}
