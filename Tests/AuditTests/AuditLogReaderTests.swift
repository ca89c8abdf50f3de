import Foundation
import XCTest
@testable import Audit

final class AuditLogReaderTests: XCTestCase {
    func testQueriesSelectByPrincipalDecisionTopicTimeAndKind() async throws {
        let fixture = try await AuditFixture(self)
        let log = try await fixture.open()
        let start = AuditTime.now()
        let change = AuditAdminChange(actor: "User:admin", action: "acl-create", subject: "User:bob", details: "{}", source: "CreateAcls")
        let events: [AuditEvent] = [
            sampleDecision(0, principal: "User:alice", topic: "orders", decision: .deny),
            sampleDecision(1, principal: "User:alice", topic: "payments", decision: .allow),
            sampleDecision(2, principal: "User:bob", topic: "orders", decision: .allow),
            .authentication(connection: sampleConnection, principal: "bob", mechanism: "SCRAM-SHA-512", decision: .deny, reason: "invalid credentials"),
            .adminChange(change, connection: sampleConnection, time: start.adding(microseconds: 60_000_000)),
        ]
        for event in events { log.append(event) }
        await log.close()

        func ports(_ configure: (inout AuditQuery) -> Void) throws -> [String] {
            var query = AuditQuery()
            configure(&query)
            var found: [String] = []
            try AuditLogReader(directory: fixture.directory).forEach(matching: query) { entry in
                found.append(entry.record.event.map { "\($0.kind.rawValue):\($0.connection!.clientPort)" } ?? "checkpoint")
            }
            return found
        }
        XCTAssertEqual(try ports { _ in }, ["authorization:1024", "authorization:1025", "authorization:1026", "authentication:51234", "admin-change:51234"])
        XCTAssertEqual(try ports { $0.principal = "alice" }, ["authorization:1024", "authorization:1025"])
        XCTAssertEqual(try ports { $0.principal = "User:admin" }, ["admin-change:51234"], "an admin change is found by who made it")
        XCTAssertEqual(try ports { $0.decision = .deny }, ["authorization:1024", "authentication:51234"])
        XCTAssertEqual(try ports { $0.topic = "orders" }, ["authorization:1024", "authorization:1026"])
        XCTAssertEqual(try ports { $0.topic = "orders"; $0.decision = .allow }, ["authorization:1026"])
        XCTAssertEqual(try ports { $0.since = start.adding(microseconds: 30_000_000) }, ["admin-change:51234"])
        XCTAssertEqual(try ports { $0.until = start.adding(microseconds: 30_000_000) }.count, 4)
        XCTAssertEqual(try ports { $0.kinds = [.checkpoint] }, ["checkpoint"])
    }

    func testTailTakesTheLastRecordsAcrossFiles() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(40, AuditFixture.configuration(maximumFileBytes: 2_048))
        XCTAssertGreaterThan(try fixture.files.count, 4)
        let reader = AuditLogReader(directory: fixture.directory)
        let (last, end) = try reader.last(25, matching: AuditQuery())
        XCTAssertEqual(last.map { $0.record.event!.connection!.clientPort }, Array(1039...1063))
        let newest = try XCTUnwrap(fixture.files.last)
        XCTAssertEqual(end, AuditLogPosition(file: newest, offset: try Data(contentsOf: URL(fileURLWithPath: newest.path)).count))
        XCTAssertEqual(try reader.last(0, matching: AuditQuery()).entries.count, 0)
        XCTAssertEqual(try reader.last(1_000, matching: AuditQuery()).entries.count, 40)
    }

    func testAFollowerSeesNewRecordsAcrossRotationsOnce() async throws {
        let fixture = try await AuditFixture(self)
        try await fixture.write(3)
        let (_, end) = try AuditLogReader(directory: fixture.directory).last(10, matching: AuditQuery())
        let follower = AuditFollower(directory: fixture.directory, from: end, matching: AuditQuery())
        XCTAssertEqual(try follower.poll().count, 0)

        let log = try await fixture.open(AuditFixture.configuration(maximumFileBytes: 2_048))
        var seen: [Int] = []
        for index in 3..<43 {
            log.append(sampleDecision(index))
            if index % 7 == 0 { seen += try follower.poll().map { $0.record.event!.connection!.clientPort } }
        }
        await log.close()
        seen += try follower.poll().map { $0.record.event!.connection!.clientPort }
        XCTAssertGreaterThan(try fixture.files.count, 3)
        XCTAssertEqual(seen, Array(1027..<1067))
    }

    func testAFollowerOfAnEmptyLogStartsWithItsFirstFile() async throws {
        let fixture = try await AuditFixture(self)
        let follower = AuditFollower(directory: fixture.directory, from: nil, matching: AuditQuery())
        XCTAssertEqual(try follower.poll().count, 0)
        try await fixture.write(2)
        XCTAssertEqual(try follower.poll().count, 2)
    }

    func testTheTextLineSaysWhoDidWhatAndWhy() throws {
        let time = AuditTime(microsecondsSinceEpoch: 1_748_779_200_000_000)
        var denied = sampleDecision(4)
        denied.time = time
        let record = AuditRecord(seq: 1, prev: .genesis, content: .event(denied))
        XCTAssertEqual(record.text, "2025-06-01T12:00:00.000000Z authorization  DENY     User:alice               192.0.2.10:1028        Write Topic:orders; api 0 v9; no ACL matched")
        XCTAssertTrue(AuditRecord.textHeader.hasPrefix("TIME                        KIND           DECISION PRINCIPAL"))
    }
}
