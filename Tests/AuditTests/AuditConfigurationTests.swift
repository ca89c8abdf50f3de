import Properties
import XCTest
@testable import Audit

final class AuditConfigurationTests: XCTestCase {
    func testDefaults() {
        let configuration = AuditConfiguration()
        XCTAssertEqual(configuration.maximumFileBytes, 64 << 20)
        XCTAssertEqual(configuration.checkpointInterval, .seconds(2))
        XCTAssertEqual(configuration.durability, .fsyncEveryBatch)
        XCTAssertEqual(configuration.failurePolicy, .failClosed)
        XCTAssertFalse(configuration.logsEveryAllow)
        XCTAssertEqual(configuration.keyId, "alias/portcullis-segments")
    }

    func testAppliesItsPropertiesAndLeavesOthersToTheCaller() throws {
        var configuration = AuditConfiguration()
        let text = """
            audit.file.max.bytes=1048576
            audit.checkpoint.interval.ms=500
            audit.fsync=checkpoint
            audit.failure.policy=fail-open
            audit.queue.max.records=1000
            audit.retry.interval.ms=250
            audit.log.every.allow=true
            audit.key.id=alias/audit
            listeners=SASL_SSL://0.0.0.0:9096
            """
        var others: [String] = []
        for property in try PropertiesFile.parse(text) where !(try configuration.apply(property)) {
            others.append(property.name)
        }
        XCTAssertEqual(others, ["listeners"])
        XCTAssertEqual(configuration.maximumFileBytes, 1 << 20)
        XCTAssertEqual(configuration.checkpointInterval, .milliseconds(500))
        XCTAssertEqual(configuration.durability, .fsyncAtCheckpoints)
        XCTAssertEqual(configuration.failurePolicy, .failOpen)
        XCTAssertEqual(configuration.queueCapacity, 1000)
        XCTAssertEqual(configuration.retryInterval, .milliseconds(250))
        XCTAssertTrue(configuration.logsEveryAllow)
        XCTAssertEqual(configuration.keyId, "alias/audit")
    }

    func testBadValuesAreErrorsWithTheirLine() throws {
        let cases = [
            ("audit.fsync=always", "line 1: audit.fsync must be batch or checkpoint"),
            ("audit.failure.policy=open", "line 1: audit.failure.policy must be fail-closed or fail-open"),
            ("audit.checkpoint.interval.ms=0", "line 1: audit.checkpoint.interval.ms must be at least 1"),
            ("audit.queue.max.records=lots", "line 1: audit.queue.max.records must be an integer, got 'lots'"),
            ("audit.key.id=", "line 1: audit.key.id is empty"),
        ]
        for (text, message) in cases {
            var configuration = AuditConfiguration()
            let property = try XCTUnwrap(try PropertiesFile.parse(text).first)
            XCTAssertThrowsError(try configuration.apply(property)) { XCTAssertEqual("\($0)", message) }
        }
    }
}
