import Foundation
import XCTest
@testable import Audit

/// `authctl audit` as a separate process, on a log the writer made, with the
/// KMS found where `portcullis dev` puts it (DATA_DIR/broker).
final class AuthctlAuditTests: XCTestCase {
    private var fixture: AuditFixture!
    private var scratch: String!

    override func setUp() async throws {
        fixture = try await AuditFixture(self)
        scratch = try makeTemporaryDirectory()
        let log = try await fixture.open()
        log.append(sampleDecision(0, principal: "User:alice", decision: .allow))
        log.append(sampleDecision(1, principal: "User:alice", decision: .deny))
        log.append(.authentication(connection: sampleConnection, principal: "bob", mechanism: "SCRAM-SHA-512", decision: .deny, reason: "invalid credentials"))
        await log.close()
    }

    private func authctl(_ arguments: [String], expect status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> AuthctlOutcome {
        let outcome = try runAuthctl(["audit"] + arguments + ["--data-dir", fixture.dataDirectory], in: scratch)
        XCTAssertEqual(outcome.status, status, outcome.description, file: file, line: line)
        return outcome
    }

    func testVerifyFindsTheKMSUnderTheDevLayoutAndReportsAnIntactLog() throws {
        let outcome = try authctl(["verify"])
        XCTAssertEqual(outcome.standardOutput, "intact: 1 files, 4 records (seq 1 to 4), 1 checkpoints; the log reaches head.json's checkpoint (seq 4)\n")
        let explicit = try authctl(["verify", "--key-data-dir", fixture.dataDirectory + "/broker"])
        XCTAssertEqual(explicit.standardOutput, outcome.standardOutput)
    }

    func testVerifyReportsTheFirstBreakAndExitsOne() throws {
        try rewrite(fixture.directory.decisionFile(1)) { $0[1] = $0[1].replacingOccurrences(of: "DENY", with: "ALLOW") }
        let outcome = try authctl(["verify"], expect: 1)
        XCTAssertEqual(outcome.standardOutput, "BROKEN at decisions-000001.jsonl line 2: this record was changed after it was written: the next record (decisions-000001.jsonl line 3) holds the hash of different bytes\n")
    }

    func testVerifyWithoutTheKMSFailsWithAReason() throws {
        let outcome = try authctl(["verify", "--key-data-dir", scratch], expect: 1)
        XCTAssertTrue(outcome.standardError.hasPrefix("Error: the audit checkpoint key is unavailable: no root key"), outcome.description)
        XCTAssertEqual(outcome.standardOutput, "")
        let noLog = try runAuthctl(["audit", "verify", "--data-dir", scratch], in: scratch)
        XCTAssertEqual(noLog.status, 1)
        XCTAssertEqual(noLog.standardError, "Error: \(scratch!)/audit/checkpoint-key.json does not exist\n")
    }

    func testQueryPrintsTheLogsOwnLinesAsJSON() throws {
        let outcome = try authctl(["query", "--decision", "deny", "--output", "json"])
        let expected = try lines(of: fixture.directory.decisionFile(1)).filter { $0.contains(#""decision":"DENY""#) }
        XCTAssertEqual(expected.count, 2)
        XCTAssertEqual(outcome.standardOutput, expected.map { $0 + "\n" }.joined())
    }

    func testQueryAndTailPrintATable() throws {
        let bob = try authctl(["query", "--principal", "bob", "--since", "1h"]).standardOutput.split(separator: "\n")
        XCTAssertEqual(bob.count, 2)
        XCTAssertEqual(bob[0], Substring(AuditRecord.textHeader))
        XCTAssertTrue(bob[1].contains("authentication DENY     bob"), String(bob[1]))
        XCTAssertTrue(bob[1].hasSuffix("SCRAM-SHA-512; invalid credentials"), String(bob[1]))

        let tail = try authctl(["tail", "-n", "2"]).standardOutput.split(separator: "\n")
        XCTAssertEqual(tail.count, 3)
        XCTAssertTrue(tail[1].contains("User:alice"))
        XCTAssertTrue(tail[2].contains("bob"))
        XCTAssertEqual(try authctl(["tail", "--kind", "checkpoint", "--output", "json"]).standardOutput.filter { $0 == "\n" }.count, 1)
    }

    func testTailFollowsTheLogAcrossRotations() async throws {
        let follower = try startAuthctl(
            ["audit", "tail", "-f", "-n", "1", "--output", "json", "--data-dir", fixture.dataDirectory], in: scratch
        )
        defer {
            follower.terminate()
            follower.waitUntilExit()
        }
        let output = scratch + "/authctl-stdout"
        try eventually { try String(contentsOfFile: output, encoding: .utf8).contains("\n") }
        try await fixture.write(30, from: 100, AuditFixture.configuration(maximumFileBytes: 2_048))
        XCTAssertGreaterThan(try fixture.files.count, 3)
        let decoder = AuditLineDecoder()
        func ports() throws -> [Int] {
            try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map {
                try decoder.decode(Array($0.utf8)[...]).event!.connection!.clientPort
            }
        }
        try eventually { try ports().count == 31 }
        XCTAssertEqual(try ports(), [sampleConnection.clientPort] + Array(1124..<1154))
    }

    func testBadFiltersAreRefused() throws {
        let decision = try authctl(["query", "--decision", "maybe"], expect: 64)
        XCTAssertTrue(decision.standardError.contains("--decision must be ALLOW or DENY, not 'maybe'"), decision.description)
        let since = try authctl(["query", "--since", "yesterday"], expect: 64)
        XCTAssertTrue(since.standardError.contains("--since must be an RFC 3339 time"), since.description)
    }
}
