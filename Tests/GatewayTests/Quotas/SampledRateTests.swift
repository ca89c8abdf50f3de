import XCTest
@testable import Gateway

/// The rate and throttle time as Kafka's quota managers compute them.
final class SampledRateTests: XCTestCase {
    private let second: Int64 = 1_000_000_000

    /// A new client is judged over at least `samples - 1` windows: a burst of
    /// that many seconds' worth passes, one byte more is throttled.
    func testABurstUpToTheSpanPassesAndMoreIsThrottled() {
        var rate = SampledRate(samples: 11, sampleNanoseconds: second)
        rate.record(10_000, at: 0)
        XCTAssertEqual(rate.rate(at: 0), 1_000, accuracy: 0.001)
        XCTAssertEqual(rate.throttleNanoseconds(limit: 1_000, at: 0), 0)
        rate.record(1_000, at: 0)
        // (1100 - 1000) / 1000 × 10 s = 1 s.
        XCTAssertEqual(rate.throttleNanoseconds(limit: 1_000, at: 0), second)
    }

    /// Once the windows span more than the minimum, the rate is over the time they really span.
    func testTheSpanGrowsWithTheWindowsInUse() {
        var rate = SampledRate(samples: 3, sampleNanoseconds: second)
        rate.record(1_000, at: 0)
        rate.record(1_000, at: second)
        rate.record(1_000, at: 2 * second)
        // Three windows, oldest begun 2.5 s ago: 3000 / 2.5 s.
        XCTAssertEqual(rate.rate(at: 2 * second + second / 2), 1_200, accuracy: 0.001)
    }

    /// Windows older than the whole span no longer count, so a client that
    /// stopped is not throttled for what it did long ago.
    func testOldWindowsExpire() {
        var rate = SampledRate(samples: 2, sampleNanoseconds: second)
        rate.record(1_000_000, at: 0)
        XCTAssertGreaterThan(rate.throttleNanoseconds(limit: 100, at: 0), 0)
        XCTAssertEqual(rate.rate(at: 3 * second), 0)
        XCTAssertTrue(rate.isIdle(at: 3 * second))
        XCTAssertFalse(rate.isIdle(at: second))
    }

    /// However far over, one wait is at most the whole span.
    func testAThrottleIsAtMostTheWholeSpan() {
        var rate = SampledRate(samples: 11, sampleNanoseconds: second)
        rate.record(1e12, at: 0)
        XCTAssertEqual(rate.throttleNanoseconds(limit: 1, at: 0), 11 * second)
    }

    /// The wait is what brings the average over the span back to the limit:
    /// 2000 sent in 0.9 s, counted over 0.9 s + one whole window = 1.9 s,
    /// needs (2000 − 1000 × 1.9) / 1000 = 0.1 s more.
    func testTheWaitBringsTheAverageBackToTheLimit() {
        var rate = SampledRate(samples: 2, sampleNanoseconds: second)
        for tenth in 0..<10 { rate.record(200, at: Int64(tenth) * second / 10) }
        let wait = rate.throttleNanoseconds(limit: 1_000, at: 9 * second / 10)
        XCTAssertEqual(Double(wait) / 1e9, 0.1, accuracy: 0.001)
    }
}
