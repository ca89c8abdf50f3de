import Broker
import XCTest

final class RetentionCheckIntervalTests: XCTestCase {
    func testRetentionCheckIntervalIsReadFromThePropertiesFile() throws {
        var configuration = BrokerConfiguration()
        XCTAssertEqual(configuration.retentionCheckIntervalMs, 300_000, "Kafka's default: five minutes")
        try configuration.apply(properties: "log.retention.check.interval.ms=250\n")
        XCTAssertEqual(configuration.retentionCheckIntervalMs, 250)
    }

    func testANonPositiveRetentionCheckIntervalIsRefusedWithItsLine() {
        var configuration = BrokerConfiguration()
        XCTAssertThrowsError(try configuration.apply(properties: "node.id=1\nlog.retention.check.interval.ms=0\n")) { error in
            XCTAssertEqual("\(error)", "line 2: log.retention.check.interval.ms must be at least 1")
        }
    }
}
