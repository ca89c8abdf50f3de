import Crypto
import Foundation
import XCTest
@testable import Audit

/// Tampering of every kind is found, at the record it touched.
final class AuditVerifierTests: XCTestCase {
    private var fixture: AuditFixture!
    private var first: AuditLogFile { fixture.directory.decisionFile(1) }
    private var second: AuditLogFile { fixture.directory.decisionFile(2) }

    private var last: AuditLogFile { try! fixture.files.last! }

    /// Three files or more of a few records, each ending with a checkpoint.
    override func setUp() async throws {
        fixture = try await AuditFixture(self)
        try await fixture.write(30, AuditFixture.configuration(maximumFileBytes: 4_096))
        XCTAssertGreaterThanOrEqual(try fixture.files.count, 3)
        try await fixture.assertIntact()
    }

    func testAnEditedRecord() async throws {
        try rewrite(first) { $0[3] = $0[3].replacingOccurrences(of: #""decision":"DENY""#, with: #""decision":"ALLOW""#) }
        try await assertBroken(first.name, line: 4, .altered(nextFile: first.name, nextLine: 5))
    }

    func testAnEditedLastRecordOfAFile() async throws {
        let last = try lines(of: first).count
        try rewrite(first) { $0[last - 1] = $0[last - 1].replacingOccurrences(of: #""dropped":0"#, with: #""dropped":1"#) }
        try await assertBroken(first.name, line: last, .checkpointMAC(since: nil))
    }

    func testADeletedRecord() async throws {
        try rewrite(second) { _ = $0.remove(at: 2) }
        let firstSeq = try records(of: second)[0].seq
        try await assertBroken(second.name, line: 3, .sequence(expected: firstSeq + 2, found: firstSeq + 3))
    }

    func testReorderedRecords() async throws {
        try rewrite(first) { $0.swapAt(5, 6) }
        try await assertBroken(first.name, line: 6, .sequence(expected: 6, found: 7))
    }

    func testAnEditWithTheChainRecomputedIsCaughtByTheNextCheckpoint() async throws {
        try rewrite(first) { lines in
            var prev = ChainHash.genesis
            for index in lines.indices {
                var line = lines[index].replacingOccurrences(of: #""prev":"[0-9a-f]{64}""#, with: #""prev":"\#(prev)""#, options: .regularExpression)
                if index == 2 { line = line.replacingOccurrences(of: "User:alice", with: "User:mallory") }
                lines[index] = line
                prev = ChainHash(ofLine: Array(line.utf8))
            }
        }
        let last = try lines(of: first).count
        try await assertBroken(first.name, line: last, .checkpointMAC(since: nil))
    }

    func testATruncatedLog() async throws {
        try rewrite(last) { $0.removeLast(3) }
        let kept = try records(of: last)
        try await assertBroken(last.name, line: kept.count + 1, .truncated(lastSeq: kept.last!.seq, headSeq: kept.last!.seq + 3))
    }

    func testARemovedLastFile() async throws {
        let removed = last
        let headSeq = try records(of: removed).last!.seq
        try FileManager.default.removeItem(atPath: removed.path)
        let lastOfTheRest = try records(of: last)
        try await assertBroken(last.name, line: lastOfTheRest.count + 1, .truncated(lastSeq: lastOfTheRest.last!.seq, headSeq: headSeq))
    }

    func testARemovedCheckpoint() async throws {
        let checkpointSeq = try records(of: first).last!.seq
        try rewrite(first) { $0.removeLast() }
        try await assertBroken(second.name, line: 1, .sequence(expected: checkpointSeq, found: checkpointSeq + 1))
    }

    func testATamperedMAC() async throws {
        let last = try lines(of: second).count
        try rewrite(second) { lines in
            var line = Array(lines[last - 1])
            let digit = line.index(line.endIndex, offsetBy: -3)
            line[digit] = line[digit] == "0" ? "1" : "0"
            lines[last - 1] = String(line)
        }
        try await assertBroken(second.name, line: last, .checkpointMAC(since: "\(first.name) line \(try lines(of: first).count)"))
    }

    func testAMissingMiddleFile() async throws {
        try FileManager.default.removeItem(atPath: second.path)
        try await assertBroken(second.name, line: nil, .missingFile)
    }

    func testARemovedBeginning() async throws {
        try rewrite(first) { $0.removeFirst() }
        try await assertBroken(first.name, line: 1, .sequence(expected: 1, found: 2))
        try rewrite(first) { lines in
            lines = lines.enumerated().map { index, line in
                line.replacingOccurrences(of: #"^\{"seq":\d+,"#, with: #"{"seq":\#(index + 1),"#, options: .regularExpression)
            }
        }
        try await assertBroken(first.name, line: 1, .doesNotStartTheChain)
    }

    func testALineThatIsNotARecord() async throws {
        try rewrite(first) { $0[1] = "{\"seq\":2," }
        try await assertBroken(first.name, line: 2, .unreadable("not a JSON object"))
    }

    func testAMissingOrForgedHead() async throws {
        let head = try String(contentsOfFile: fixture.directory.headFile, encoding: .utf8)
        try head.replacingOccurrences(of: #""dropped":0"#, with: #""dropped":5"#).write(toFile: fixture.directory.headFile, atomically: false, encoding: .utf8)
        try await assertBroken("head.json", line: 1, .headInvalid("its MAC is wrong"))
        try FileManager.default.removeItem(atPath: fixture.directory.headFile)
        try await assertBroken("head.json", line: nil, .headMissing)
    }

    func testAnotherLogsKeyAuthenticatesNothing() async throws {
        let result = try AuditVerifier(directory: fixture.directory, authenticator: CheckpointAuthenticator(key: SymmetricKey(size: .bits256))).verify()
        XCTAssertEqual(result.firstBreak, AuditBreak(file: "head.json", line: 1, reason: .headInvalid("its MAC is wrong")))
    }

    func testAnIncompleteLineInAFileBeforeTheLast() async throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: first.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\"".utf8))
        try handle.close()
        try await assertBroken(first.name, line: try lines(of: first).count, .incompleteLine)
    }

    func testTheReportOfAnIntactLog() async throws {
        let result = try await fixture.verify()
        let all = try fixture.files.flatMap { try records(of: $0) }
        XCTAssertEqual(result.files, try fixture.files.count)
        XCTAssertEqual(result.records, all.count)
        XCTAssertEqual(result.checkpoints, try fixture.files.count)
        XCTAssertEqual(result.lastSeq, all.last!.seq)
        XCTAssertEqual(result.headSeq, all.last!.seq)
        XCTAssertEqual(result.unsealedRecords, 0)
    }

    private func assertBroken(
        _ file: String, line: Int?, _ reason: AuditBreak.Reason, sourceFile: StaticString = #filePath, sourceLine: UInt = #line
    ) async throws {
        let result = try await fixture.verify()
        XCTAssertEqual(result.firstBreak, AuditBreak(file: file, line: line, reason: reason), file: sourceFile, line: sourceLine)
    }
}
