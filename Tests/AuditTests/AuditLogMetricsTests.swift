import Foundation
import Observability
import XCTest
@testable import Audit

/// The decision log's health in the metrics: the lag (how long the oldest
/// record accepted but not yet written has waited) read at each scrape, and
/// every failed attempt to write.
final class AuditLogMetricsTests: XCTestCase {
    private static let lag = "portcullis_decision_log_lag_seconds"
    private static let writeFailures = "portcullis_decision_log_write_failures_total"

    func testARecordTheDiskRefusesShowsAsLagUntilItIsWritten() async throws {
        let fixture = try await AuditFixture(self)
        let metrics = PortcullisMetrics(level: .enhanced)
        var configuration = AuditFixture.configuration()
        // One failed attempt, then the writer waits: until the close below cuts the wait short.
        configuration.retryInterval = .seconds(3_600)
        let log = try await fixture.open(configuration, metrics: metrics)
        let file = fixture.directory.decisionFile(1)
        log.append(sampleDecision(0))
        try eventually { try lines(of: file).count == 1 }
        XCTAssertEqual(sample(Self.lag, metrics), 0, "nothing waits")
        XCTAssertEqual(sample(Self.writeFailures, metrics), 0, "nothing failed")

        try withFileSizeLimit(try lines(of: file).joined(separator: "\n").utf8.count + 1) {
            log.append(sampleDecision(1))
            try eventually { !log.isHealthy }
            Thread.sleep(forTimeInterval: 0.05)
            XCTAssertGreaterThanOrEqual(sample(Self.lag, metrics) ?? 0, 0.05, "the refused record has waited since it was accepted")
            XCTAssertEqual(sample(Self.writeFailures, metrics), 1)
        }
        await log.close(timeout: .milliseconds(100))

        XCTAssertEqual(try records(of: file).compactMap { $0.event?.connection?.clientPort }, [1024, 1025], "written at the retry")
        XCTAssertEqual(sample(Self.lag, metrics), 0, "written: nothing waits")
        XCTAssertEqual(sample(Self.writeFailures, metrics), 1, "the retry succeeded")
    }

    func testEveryFailedAttemptCounts() async throws {
        let fixture = try await AuditFixture(self)
        let metrics = PortcullisMetrics(level: .basic)
        let log = try await fixture.open(AuditFixture.configuration(), metrics: metrics)  // retries every 20 ms
        let blocker = fixture.directory.headFile
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        log.append(sampleDecision(0))
        await log.close(timeout: .milliseconds(300))  // its checkpoint's head file cannot be written

        let failures = try XCTUnwrap(sample(Self.writeFailures, metrics))
        XCTAssertGreaterThanOrEqual(failures, 5, "about 15 retries in 300 ms, each counted")
        XCTAssertEqual(fixture.logs.messages(at: .error).count, 1, "though logged once")
        XCTAssertNil(sample(Self.lag, metrics), "the lag is shown from the enhanced level")
    }

    /// The value of the unlabelled series `name` in the exposition, nil when absent.
    private func sample(_ name: String, _ metrics: PortcullisMetrics) -> Double? {
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Double($0.dropFirst(name.count + 1)) }
    }
}
