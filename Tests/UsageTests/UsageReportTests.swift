import Foundation
import XCTest
@testable import Usage

final class UsageReportTests: XCTestCase {
    /// alice and bob on orders, alice on audit-events; orders sampled at 12:00, 12:01 (twice) and 12:03.
    private func journal() throws -> UsageDirectory {
        let directory = makeJournalDirectory()
        let journal = try UsageJournal(directory: directory)
        try journal.append([
            traffic("2026-12-07T12:00:00Z", "User:alice", "orders", bytesIn: 1_000, bytesOut: 10, messagesIn: 10),
            traffic("2026-12-07T12:00:00Z", "User:bob", "orders", bytesOut: 4_000),
            storage("2026-12-07T12:00:00Z", "orders", partitions: 3, bytes: 600),
            storage("2026-12-07T12:01:00Z", "orders", partitions: 3, bytes: 1_000),
        ])
        try journal.append([
            // A later flush of the same minute: traffic adds up, the storage sample replaces.
            traffic("2026-12-07T12:00:00Z", "User:alice", "orders", bytesIn: 500, messagesIn: 5),
            storage("2026-12-07T12:01:00Z", "orders", partitions: 3, bytes: 1_200),
            traffic("2026-12-07T12:02:00Z", "User:alice", "audit-events", bytesIn: 70, messagesIn: 1),
            storage("2026-12-07T12:03:00Z", "orders", partitions: 6, bytes: 1_800),
        ])
        return directory
    }

    private func rows(_ since: String, _ until: String, principal: String? = nil, topic: String? = nil) throws -> [UsageRow] {
        try UsageReport(directory: try journal()).rows(for: UsageQuery(since: date(since), until: date(until), principal: principal, topic: topic))
    }

    private func row(_ principal: String?, _ topic: String, _ bytesIn: Int64, _ bytesOut: Int64, _ messagesIn: Int64, _ partitionHours: Double = 0, _ storageByteHours: Double = 0) -> UsageRow {
        var row = UsageRow(principal: principal, topic: topic)
        (row.bytesIn, row.bytesOut, row.messagesIn, row.partitionHours, row.storageByteHours) = (bytesIn, bytesOut, messagesIn, partitionHours, storageByteHours)
        return row
    }

    func testTrafficPerPrincipalAndTopicAndStoragePerTopicAsTimeIntegrals() throws {
        XCTAssertEqual(try rows("2026-12-07T12:00:00Z", "2026-12-07T13:00:00Z"), [
            row("User:alice", "audit-events", 70, 0, 1),
            row("User:alice", "orders", 1_500, 10, 15),
            row("User:bob", "orders", 0, 4_000, 0),
            // Three sampled minutes: (3 + 3 + 6) / 60 partition-hours, (600 + 1200 + 1800) / 60 byte-hours.
            row(nil, "orders", 0, 0, 0, 0.2, 60),
        ])
    }

    func testAWindowCountsTheMinutesThatStartInsideIt() throws {
        // 12:00:30 to 12:03:00: the 12:00 minute starts before the window, the 12:03 minute at its end.
        XCTAssertEqual(try rows("2026-12-07T12:00:30Z", "2026-12-07T12:03:00Z"), [
            row("User:alice", "audit-events", 70, 0, 1),
            row(nil, "orders", 0, 0, 0, 0.05, 20),
        ])
        // 11:59:59 to 12:00:01 holds the 12:00 minute's start.
        XCTAssertEqual(try rows("2026-12-07T11:59:59Z", "2026-12-07T12:00:01Z").map(\.principal), ["User:alice", "User:bob", nil])
        XCTAssertEqual(try rows("2026-12-07T12:00:01Z", "2026-12-07T12:00:59Z"), [])
    }

    func testAPrincipalsReportHasItsTrafficAndNoStorage() throws {
        let expected = [row("User:alice", "audit-events", 70, 0, 1), row("User:alice", "orders", 1_500, 10, 15)]
        XCTAssertEqual(try rows("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", principal: "User:alice"), expected)
        XCTAssertEqual(try rows("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", principal: "alice"), expected)
    }

    func testATopicsReportHasItsTrafficAndStorage() throws {
        XCTAssertEqual(try rows("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", topic: "orders").map(\.principal), ["User:alice", "User:bob", nil])
        XCTAssertEqual(try rows("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", principal: "User:bob", topic: "orders"), [row("User:bob", "orders", 0, 4_000, 0)])
    }

    func testRowsAreJSONObjectsWithEveryKey() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(try rows("2026-12-07T12:01:00Z", "2026-12-07T12:02:00Z")), as: UTF8.self)
        XCTAssertEqual(text, #"[{"bytes_in":0,"bytes_out":0,"messages_in":0,"partition_hours":0.05,"principal":null,"storage_byte_hours":20,"topic":"orders"}]"#)
    }
}
