import XCTest

@testable import Gateway

final class RefusalLogLimiterTests: XCTestCase {
    func testABurstIsLoggedThenCountedUntilTheWindowEnds() {
        var limiter = RefusalLogLimiter(burst: 3, window: .seconds(10))
        let start = ContinuousClock.now
        let flood = (0..<7).map { limiter.admit(at: start + .milliseconds($0)) }
        XCTAssertEqual(flood, [0, 0, 0, nil, nil, nil, nil])
        XCTAssertNil(limiter.admit(at: start + .seconds(9)))
        // A new window: the next line carries how many went unlogged.
        XCTAssertEqual(limiter.admit(at: start + .seconds(10)), 5)
        XCTAssertEqual(limiter.admit(at: start + .seconds(11)), 0)
    }
}
