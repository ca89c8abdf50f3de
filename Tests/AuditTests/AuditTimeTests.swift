import XCTest
@testable import Audit

final class AuditTimeTests: XCTestCase {
    func testPrintsFixedWidthUTCWithMicroseconds() {
        XCTAssertEqual(AuditTime(microsecondsSinceEpoch: 0).description, "1970-01-01T00:00:00.000000Z")
        XCTAssertEqual(AuditTime(microsecondsSinceEpoch: 1_748_779_200_000_001).description, "2025-06-01T12:00:00.000001Z")
        XCTAssertEqual(AuditTime(microsecondsSinceEpoch: -1).description, "1969-12-31T23:59:59.999999Z")
    }

    func testParsesWhatItPrintsAndWhatPeopleWrite() {
        let noon = AuditTime(microsecondsSinceEpoch: 1_748_779_200_000_000)
        let cases: [(String, AuditTime)] = [
            ("2025-06-01T12:00:00.000000Z", noon),
            ("2025-06-01T12:00:00Z", noon),
            ("2025-06-01T12:00:00", noon),
            ("2025-06-01 12:00:00z", noon),
            ("2025-06-01T14:00:00+02:00", noon),
            ("2025-06-01T11:30:00-00:30", noon),
            ("2025-06-01T12:00:00.5Z", noon.adding(microseconds: 500_000)),
            ("2025-06-01T12:00:00.123456789Z", noon.adding(microseconds: 123_456)),
            ("2025-06-01", AuditTime(microsecondsSinceEpoch: 1_748_736_000_000_000)),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(AuditTime(parsing: text), expected, text)
        }
        let now = AuditTime.now()
        XCTAssertEqual(AuditTime(parsing: "90s", now: now), now.adding(microseconds: -90_000_000))
        XCTAssertEqual(AuditTime(parsing: "2h", now: now), now.adding(microseconds: -7_200_000_000))
        XCTAssertEqual(AuditTime(parsing: "7d", now: now), now.adding(microseconds: -604_800_000_000))
        for bad in ["", "yesterday", "2025-6-1", "2025-06-01T12:00Z", "2025-06-01T12:00:00.Z", "2025-06-01T25:00:00Z", "5w", "-5m", "2025-06-01T12:00:00Z junk"] {
            XCTAssertNil(AuditTime(parsing: bad), bad)
        }
    }
}
