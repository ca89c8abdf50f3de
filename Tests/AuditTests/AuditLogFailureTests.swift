import Foundation
import XCTest
@testable import Audit

final class AuditLogFailureTests: XCTestCase {
    func testWritesTheDiskRefusesMakeTheLogUnhealthyAreKeptWithinBoundsAndWrittenOnRecovery() async throws {
        let fixture = try await AuditFixture(self)
        let log = try await fixture.open(AuditFixture.configuration(queueCapacity: 8))
        let file = fixture.directory.decisionFile(1)
        log.append(sampleDecision(0))
        try eventually { try lines(of: file).count == 1 }
        let goodSize = try size(of: file)

        try withFileSizeLimit(goodSize + 100) {
            for index in 1...5 { XCTAssertEqual(log.append(sampleDecision(index)), .accepted) }
            try eventually { !log.isHealthy }
            XCTAssertTrue(log.refusesRequests, "fail-closed by default")
            XCTAssertEqual(log.failureReason, "the audit log cannot be written: cannot write \(file.path): File too large")
            Thread.sleep(forTimeInterval: 0.3)  // about 15 retries
            XCTAssertEqual(fixture.logs.messages(at: .error).count, 1, "the failure is logged once, not at every retry")
            XCTAssertEqual(try completeLineCount(file), 1, "a batch cut short is cut off, never left half written")

            for index in 6...8 { XCTAssertEqual(log.append(sampleDecision(index)), .accepted) }
            XCTAssertEqual(log.append(sampleDecision(9)), .refused, "8 records kept and queued: the bound")
            XCTAssertEqual(log.append(sampleDecision(10)), .refused)
        }
        try eventually { log.isHealthy }
        XCTAssertNil(log.failureReason)
        await log.close()

        let written = try records(of: file)
        XCTAssertEqual(written.compactMap { $0.event?.connection?.clientPort }, Array(1024...1032), "every accepted record was written, in order")
        XCTAssertEqual(written.last?.checkpoint?.dropped, 2, "the refused ones are counted in the log itself")
        XCTAssertEqual(fixture.logs.messages(at: .notice), ["the audit log is being written again"])
        XCTAssertTrue(fixture.logs.messages(at: .warning).contains("audit records were refused because the writer's queue was full"))
        try await fixture.assertIntact()
    }

    func testFailOpenIsReportedButDoesNotRefuseRequests() async throws {
        let fixture = try await AuditFixture(self)
        var configuration = AuditFixture.configuration()
        configuration.failurePolicy = .failOpen
        let log = try await fixture.open(configuration)
        let file = fixture.directory.decisionFile(1)
        log.append(sampleDecision(0))
        try eventually { try lines(of: file).count == 1 }
        try withFileSizeLimit(try size(of: file)) {
            log.append(sampleDecision(1))
            try eventually { !log.isHealthy }
            XCTAssertFalse(log.refusesRequests)
        }
        await log.close()
        XCTAssertTrue(fixture.logs.messages(at: .error).first?.contains("requests are still served (audit.failure.policy=fail-open)") ?? false)
    }

    func testAFileThatCannotBeCreatedAtRotationIsRetriedAndNothingIsLost() async throws {
        let fixture = try await AuditFixture(self)
        let log = try await fixture.open(AuditFixture.configuration(maximumFileBytes: 2_048))
        let blocker = fixture.directory.decisionFile(2).path
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        for index in 0..<20 { log.append(sampleDecision(index)) }
        try eventually { !log.isHealthy }
        XCTAssertEqual(log.failureReason, "the audit log cannot be written: cannot open \(blocker): Is a directory")
        try FileManager.default.removeItem(atPath: blocker)
        try eventually { log.isHealthy }
        await log.close()

        let files = try fixture.files
        XCTAssertGreaterThan(files.count, 2)
        XCTAssertEqual(try files.flatMap { try records(of: $0) }.compactMap { $0.event?.connection?.clientPort }, Array(1024..<1044))
        try await fixture.assertIntact()
    }

    func testAHeadFileThatCannotBeReplacedIsRetried() async throws {
        let fixture = try await AuditFixture(self)
        let log = try await fixture.open(AuditFixture.configuration(checkpointInterval: .milliseconds(20)))
        try FileManager.default.createDirectory(atPath: fixture.directory.headFile, withIntermediateDirectories: false)
        log.append(sampleDecision(0))
        try eventually { !log.isHealthy }
        XCTAssertTrue(log.failureReason?.contains("cannot rename over \(fixture.directory.headFile)") ?? false, log.failureReason ?? "healthy")
        try FileManager.default.removeItem(atPath: fixture.directory.headFile)
        try eventually { log.isHealthy && FileManager.default.fileExists(atPath: fixture.directory.headFile) }
        await log.close()
        try await fixture.assertIntact()
    }

    private func size(of file: AuditLogFile) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? -1
    }

    private func completeLineCount(_ file: AuditLogFile) throws -> Int {
        try Data(contentsOf: URL(fileURLWithPath: file.path)).filter { $0 == UInt8(ascii: "\n") }.count
    }
}
