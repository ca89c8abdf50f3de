import XCTest
@testable import Usage

final class UsageMinuteTests: XCTestCase {
    func testReadsBackOnlyTheSpellingItWrites() throws {
        let minute = try XCTUnwrap(UsageMinute(iso8601: "2026-12-07T21:52:00Z"))
        XCTAssertEqual(minute.minutesSinceEpoch, 1_796_680_320 / 60)
        XCTAssertEqual(minute.description, "2026-12-07T21:52:00Z")
        for other in ["2026-12-07T21:52:30Z", "2026-12-07T22:52:00+01:00", "2026-02-31T00:00:00Z", "2026-12-07", "2026-12-07T21:52Z"] {
            XCTAssertNil(UsageMinute(iso8601: other), other)
        }
    }

    func testDaysAndFileNamesAreUTC() {
        let minute = UsageMinute(containing: date("2026-12-07T23:59:59Z"))
        XCTAssertEqual(minute.compact, "20261207T2359Z")
        XCTAssertEqual(minute.day, UsageMinute(containing: date("2026-12-07T00:00:00Z")).day)
        XCTAssertEqual(minute.day + 1, UsageMinute(containing: date("2026-12-08T00:00:00Z")).day)
    }
}
