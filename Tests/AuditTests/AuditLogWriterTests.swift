import Foundation
import XCTest
@testable import Audit

final class AuditLogWriterTests: XCTestCase {
    func testTheChainRunsAcrossRotatedFilesEachEndingWithACheckpoint() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(200, AuditFixture.configuration(maximumFileBytes: 8_192))

        let files = try fixture.files
        XCTAssertGreaterThan(files.count, 3)
        XCTAssertEqual(files.map(\.number), Array(1...files.count))
        var expected = ChainHash.genesis
        var seq: UInt64 = 1
        var decisions = 0
        for file in files {
            let fileLines = try lines(of: file)
            let fileRecords = try records(of: file)
            XCTAssertEqual(fileRecords.last?.kind, .checkpoint, "\(file.name) ends with a checkpoint (rotation or shutdown)")
            for (line, record) in zip(fileLines, fileRecords) {
                XCTAssertEqual(record.seq, seq)
                XCTAssertEqual(record.prev, expected)
                expected = ChainHash(ofLine: Array(line.utf8))
                seq += 1
                if record.kind == .authorization {
                    XCTAssertEqual(record.event?.connection?.clientPort, 1024 + decisions, "records keep the order they were appended in")
                    decisions += 1
                }
            }
        }
        XCTAssertEqual(decisions, 200)
        let result = try await fixture.verify()
        XCTAssertNil(result.firstBreak)
        XCTAssertEqual(result.files, files.count)
        XCTAssertEqual(result.checkpoints, files.count)
        XCTAssertEqual(result.headSeq, result.lastSeq)
        XCTAssertEqual(fixture.logs.all.filter { $0.message == "audit checkpoint" }.compactMap { $0.metadata["at"] },
                       Array(repeating: "rotation", count: files.count - 1) + ["shutdown"],
                       "the service log keeps a copy of each rotation's and the shutdown's checkpoint")
    }

    func testAReopenedLogContinuesTheChain() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(5)
        try await fixture.write(5, from: 5)
        try await fixture.write(5, from: 10)
        let all = try records(of: try XCTUnwrap(fixture.files.first))
        XCTAssertEqual(all.map(\.seq), Array(1...18))
        XCTAssertEqual(all.map(\.kind).filter { $0 == .checkpoint }.count, 3)
        XCTAssertEqual(all.compactMap { $0.event?.connection?.clientPort }, Array(1024..<1039))
        let result = try await fixture.verify()
        XCTAssertNil(result.firstBreak)
        XCTAssertEqual(result.unsealedRecords, 0)
    }

    func testATornLastLineIsCutOffAndTheChainGoesOn() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(3)
        let file = try XCTUnwrap(fixture.files.last)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: file.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"seq":5,"prev":"00"#.utf8))
        try handle.close()

        let partial = try await AuditFixture.verifyReportingTail(fixture)
        XCTAssertEqual(partial, 19, "verify notes the incomplete line without calling it a break")

        try await fixture.write(2, from: 3)
        XCTAssertEqual(try records(of: file).map(\.seq), Array(1...7))
        XCTAssertEqual(fixture.logs.messages(at: .warning), ["the last line of the audit log was incomplete (a write cut short by a crash) and was removed"])
        XCTAssertEqual(fixture.logs.all.first { $0.level == .warning }?.metadata["bytes"], "19")
        let result = try await fixture.verify()
        XCTAssertNil(result.firstBreak)
        XCTAssertEqual(result.incompleteTailBytes, 0)
    }

    func testAProcessThatDiedWithoutACheckpointGetsOneSoonAfterItsRestart() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(3)
        let file = try XCTUnwrap(fixture.files.last)
        try rewrite(file) { $0.removeLast() }
        try FileManager.default.removeItem(atPath: fixture.directory.headFile)

        let log = try await fixture.open(AuditFixture.configuration(checkpointInterval: .milliseconds(50)))
        try eventually { try records(of: file).last?.kind == .checkpoint }
        XCTAssertEqual(try records(of: file).map(\.seq), [1, 2, 3, 4])
        await log.close()
        try await fixture.assertIntact()
    }

    func testCheckpointsComeOnTheTimerOnlyWhenThereIsSomethingToSeal() async throws {
        let fixture = try await AuditFixture(self)
        let log = try await fixture.open(AuditFixture.configuration(checkpointInterval: .milliseconds(100)))
        log.append(sampleDecision(0))
        log.append(sampleDecision(1))
        let file = fixture.directory.decisionFile(1)
        try eventually { try records(of: file).last?.kind == .checkpoint }
        try eventually { (try? String(contentsOfFile: fixture.directory.headFile, encoding: .utf8)) == (try lines(of: file).last! + "\n") }

        try await Task.sleep(for: .milliseconds(400))
        XCTAssertEqual(try records(of: file).map(\.kind), [.authorization, .authorization, .checkpoint], "an idle log gets no more checkpoints")
        log.append(sampleDecision(2))
        try eventually { try records(of: file).count == 5 }
        XCTAssertEqual(try records(of: file).last?.kind, .checkpoint)
        await log.close()
        XCTAssertEqual(try records(of: file).count, 5, "nothing left to seal at shutdown")
        try await fixture.assertIntact()
    }

    func testWithFsyncAtCheckpointsRecordsAreStillWrittenPerBatch() async throws {
        let fixture = try await AuditFixture(self)
        var configuration = AuditFixture.configuration()
        configuration.durability = .fsyncAtCheckpoints
        let log = try await fixture.open(configuration)
        log.append(sampleDecision(0))
        try eventually { try lines(of: fixture.directory.decisionFile(1)).count == 1 }
        await log.close()
        XCTAssertEqual(try records(of: fixture.directory.decisionFile(1)).map(\.kind), [.authorization, .checkpoint])
    }

    func testAppendAfterCloseIsRefused() async throws {
        let fixture = try await AuditFixture(self)
        let log = try await fixture.open()
        await log.close()
        XCTAssertEqual(log.append(sampleDecision()), .refused)
        XCTAssertTrue(log.isHealthy, "a closed log is not a failing one")
    }

    func testTheCheckpointKeyIsStoredWrappedAndItsPlaintextNowhere() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(1)
        let stored = try String(contentsOfFile: fixture.directory.checkpointKeyFile, encoding: .utf8)
        XCTAssertTrue(stored.hasPrefix(#"{"algorithm":"HMAC-SHA256","formatVersion":1,"wrappedKey":{"ciphertext":""#), stored)
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.directory.checkpointKeyFile)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: fixture.directory.path)
        XCTAssertEqual((directoryAttributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
    }
}

extension AuditFixture {
    /// The incomplete-line byte count verify reports, asserting there is no break.
    static func verifyReportingTail(_ fixture: AuditFixture) async throws -> Int {
        let result = try await fixture.verify()
        XCTAssertNil(result.firstBreak)
        return result.incompleteTailBytes
    }
}
