import KeyManagement
import Logging
import Properties
import XCTest

@testable import LogDelivery

/// `log.delivery.*` properties, and what the shipper makes of them at startup.
final class LogDeliveryConfigurationTests: XCTestCase {
    private func configuration(_ text: String) throws -> LogDeliveryConfiguration {
        var configuration = LogDeliveryConfiguration()
        for property in try PropertiesFile.parse(text) {
            guard try configuration.apply(property) else { throw property.unknown }
        }
        return configuration
    }

    func testTheServiceLogsKeys() throws {
        XCTAssertEqual(LogDeliveryConfiguration().logs, [.decisions], "the decision log only, by default")
        let parsed = try configuration("""
            log.delivery.logs=service, decisions,service
            log.delivery.cloudwatch.service.log.stream=gw-1/service
            log.delivery.s3.service.prefix=/kafka/service/
            log.delivery.kinesis.service.partition.key=gw-1-svc
            """)
        XCTAssertEqual(parsed.logs, [.service, .decisions])
        XCTAssertEqual(parsed.cloudWatchLogs.serviceLogStream, "gw-1/service")
        XCTAssertEqual(parsed.s3.servicePrefix, "kafka/service")
        XCTAssertEqual(parsed.kinesis.servicePartitionKey, "gw-1-svc")
        XCTAssertThrowsError(try configuration("log.delivery.logs=decisions,broker")) {
            XCTAssertTrue("\($0)".contains("log.delivery.logs takes decisions and service, got 'broker'"), "\($0)")
        }
        XCTAssertThrowsError(try configuration("log.delivery.logs=,"))
    }

    func testEveryKey() throws {
        let parsed = try configuration("""
            log.delivery.cloudwatch.log.group=/portcullis/decisions
            log.delivery.cloudwatch.log.stream=gw-1
            log.delivery.cloudwatch.endpoint=http://127.0.0.1:5000
            log.delivery.s3.bucket=audit-archive
            log.delivery.s3.prefix=/kafka/decisions/
            log.delivery.s3.endpoint=http://127.0.0.1:5001
            log.delivery.kinesis.stream=decisions
            log.delivery.kinesis.endpoint=http://127.0.0.1:5002
            log.delivery.region=eu-west-1
            log.delivery.instance=gw-1
            log.delivery.batch.max.bytes=65536
            log.delivery.batch.max.age.ms=250
            log.delivery.retry.max.ms=4000
            """)
        XCTAssertEqual(parsed.cloudWatchLogs.logGroup, "/portcullis/decisions")
        XCTAssertEqual(parsed.cloudWatchLogs.logStream, "gw-1")
        XCTAssertEqual(parsed.cloudWatchLogs.endpoint, "http://127.0.0.1:5000")
        XCTAssertEqual(parsed.s3.bucket, "audit-archive")
        XCTAssertEqual(parsed.s3.prefix, "kafka/decisions")
        XCTAssertEqual(parsed.s3.endpoint, "http://127.0.0.1:5001")
        XCTAssertEqual(parsed.kinesis.stream, "decisions")
        XCTAssertEqual(parsed.kinesis.endpoint, "http://127.0.0.1:5002")
        XCTAssertEqual(parsed.region, "eu-west-1")
        XCTAssertEqual(parsed.instance, "gw-1")
        XCTAssertEqual(parsed.batchMaximumBytes, 65_536)
        XCTAssertEqual(parsed.batchMaximumAge, .milliseconds(250))
        XCTAssertEqual(parsed.retryMaximumDelay, .seconds(4))
        XCTAssertTrue(parsed.isEnabled)
    }

    func testDefaultsDeliverNothing() throws {
        let defaults = LogDeliveryConfiguration()
        XCTAssertFalse(defaults.isEnabled)
        XCTAssertEqual(defaults.batchMaximumBytes, 1 << 20)
        XCTAssertEqual(defaults.batchMaximumAge, .seconds(5))
    }

    func testOtherNamesAreLeftToTheirOwners() throws {
        var configuration = LogDeliveryConfiguration()
        XCTAssertFalse(try configuration.apply(Property(line: 1, name: "audit.fsync", value: "batch")))
        XCTAssertFalse(try configuration.apply(Property(line: 1, name: "log.delivery.unknown", value: "1")))
    }

    func testBadValuesAreRefusedWithTheirLine() {
        for text in ["log.delivery.batch.max.bytes=0", "log.delivery.batch.max.age.ms=soon", "log.delivery.s3.bucket="] {
            XCTAssertThrowsError(try configuration(text), text) { error in
                XCTAssertEqual((error as? ConfigurationError)?.line, 1, text)
            }
        }
    }

    func testTheShipperNeedsARegionAndCredentialsButNeverShowsTheSecret() throws {
        var configuration = LogDeliveryConfiguration()
        configuration.kinesis.stream = "decisions"
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        let logger = Logger(label: "test")
        XCTAssertThrowsError(try LogShipper(configuration: configuration, dataDirectory: "/tmp/x", environment: [:], logger: logger)) {
            XCTAssertEqual($0 as? AWSConfigurationError, .missingRegion)
        }
        XCTAssertThrowsError(try LogShipper(
            configuration: configuration, dataDirectory: "/tmp/x",
            environment: ["AWS_REGION": "us-east-1", "AWS_SECRET_ACCESS_KEY": secret], logger: logger
        )) {
            XCTAssertEqual($0 as? AWSConfigurationError, .missingEnvironmentVariable("AWS_ACCESS_KEY_ID"))
        }
        configuration.kinesis.endpoint = "http://kinesis.example.com"
        XCTAssertThrowsError(try LogShipper(
            configuration: configuration, dataDirectory: "/tmp/x",
            environment: ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": secret], logger: logger
        )) {
            XCTAssertEqual($0 as? AWSConfigurationError, .insecureEndpoint("http://kinesis.example.com"))
            XCTAssertFalse("\($0)".contains(secret))
        }
    }
}
