import Foundation
import XCTest
@testable import Audit

/// The writer does not append to a log whose evidence of tampering appending would hide.
final class AuditLogOpeningTests: XCTestCase {
    func testALogCutShortBeforeItsHeadIsNotContinued() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(4)
        try rewrite(fixture.directory.decisionFile(1)) { $0.removeLast(2) }
        try await assertRefused(fixture, saying: "the log ends at seq 3 but its last checkpoint (\(fixture.directory.headFile)) is seq 5: records were removed")
    }

    func testALastRecordThatIsNotTheHeadsCheckpointIsNotContinued() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(2)
        try rewrite(fixture.directory.decisionFile(1)) { lines in
            lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: #""dropped":0"#, with: #""dropped":1"#)
        }
        try await assertRefused(fixture, saying: "the last record (seq 3) is not the checkpoint in \(fixture.directory.headFile)")
    }

    func testARotatedLogWithoutItsHeadIsNotContinued() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(30, AuditFixture.configuration(maximumFileBytes: 2_048))
        try FileManager.default.removeItem(atPath: fixture.directory.headFile)
        try await assertRefused(fixture, saying: "\(fixture.directory.headFile) is missing although the log has checkpoints")
    }

    func testALogWhoseKeyIsGoneIsNotGivenANewOne() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(1)
        try FileManager.default.removeItem(atPath: fixture.directory.checkpointKeyFile)
        try await assertRefused(fixture, saying: "\(fixture.directory.checkpointKeyFile) is missing, so the checkpoints of the log there cannot be checked")
    }

    func testAForgedHeadIsNotTrusted() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(1)
        let head = try String(contentsOfFile: fixture.directory.headFile, encoding: .utf8)
        try head.replacingOccurrences(of: #""seq":2"#, with: #""seq":1"#).write(toFile: fixture.directory.headFile, atomically: false, encoding: .utf8)
        try await assertRefused(fixture, saying: "the checkpoint in \(fixture.directory.headFile) does not authenticate under the log's key")
    }

    func testOneWriterAtATime() async throws {
        let fixture = try await AuditFixture(self)
        let first = try await fixture.open()
        do {
            _ = try await fixture.open()
            XCTFail("opened twice")
        } catch {
            XCTAssertEqual(error as? AuditLogError, .locked(path: fixture.directory.path + "/writer.lock"))
            XCTAssertEqual("\(error)", "another process is writing the audit log (\(fixture.directory.path)/writer.lock is locked)")
        }
        await first.close()
        let second = try await fixture.open()
        await second.close()
    }

    func testAMissingKMSKeyIsNamed() async throws {
        let fixture = try await AuditFixture(self)
        var configuration = AuditFixture.configuration()
        configuration.keyId = "alias/nonexistent"
        do {
            _ = try await fixture.open(configuration)
            XCTFail("opened")
        } catch {
            XCTAssertEqual("\(error)", "the audit checkpoint key is unavailable: no key alias/nonexistent (create it with `authctl keys create --alias NAME`, or set audit.key.id)")
        }
    }

    private func assertRefused(_ fixture: AuditFixture, saying message: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let before = try fixture.files.map { try lines(of: $0) }
        do {
            let log = try await fixture.open()
            await log.close()
            XCTFail("opened", file: file, line: line)
        } catch {
            XCTAssertTrue("\(error)".hasPrefix("the audit log cannot be continued: \(message)"), "\(error)", file: file, line: line)
        }
        XCTAssertEqual(try fixture.files.map { try lines(of: $0) }, before, "the log is left as it was", file: file, line: line)
    }
}
