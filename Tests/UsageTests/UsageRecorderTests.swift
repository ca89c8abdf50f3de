import Foundation
import Logging
import XCTest
@testable import Usage

final class UsageRecorderTests: XCTestCase {
    private let logger = Logger(label: "usage-test")
    private let day = minute("2026-12-07T00:00:00Z")..<minute("2026-12-08T00:00:00Z")

    func testAFlushWritesDeltasSinceTheLastFlush() throws {
        let directory = makeJournalDirectory()
        let recorder = try UsageRecorder(directory: directory, flushInterval: .seconds(3_600), logger: logger)
        let at = date("2026-12-07T21:52:10Z")
        recorder.record(principal: "User:alice", topic: "orders", bytesIn: 100, bytesOut: 0, messagesIn: 1, at: at)
        recorder.record(principal: "User:alice", topic: "orders", bytesIn: 50, bytesOut: 7, messagesIn: 2, at: at)
        try recorder.flush()
        recorder.record(principal: "User:alice", topic: "orders", bytesIn: 1, bytesOut: 0, messagesIn: 1, at: at)
        recorder.sample(topic: "orders", partitions: 3, bytes: 500, at: at)
        recorder.sample(topic: "orders", partitions: 3, bytes: 900, at: at.addingTimeInterval(20))
        try recorder.close()
        // Closed, the journal is free for the next writer.
        XCTAssertNoThrow(try UsageJournal(directory: directory))

        let lines = try UsageJournalReader(directory: directory).lines(in: day)
        XCTAssertEqual(lines.map(\.seq), [1, 2, 3])
        XCTAssertEqual(lines[0].entry, traffic("2026-12-07T21:52:00Z", "User:alice", "orders", bytesIn: 150, bytesOut: 7, messagesIn: 3))
        XCTAssertEqual(Set(lines[1...].map(\.entry)), [
            traffic("2026-12-07T21:52:00Z", "User:alice", "orders", bytesIn: 1, messagesIn: 1),
            storage("2026-12-07T21:52:00Z", "orders", partitions: 3, bytes: 900),
        ])
    }

    func testFlushesOnItsOwnEveryInterval() throws {
        let directory = makeJournalDirectory()
        let recorder = try UsageRecorder(directory: directory, flushInterval: .milliseconds(50), logger: logger)
        recorder.record(principal: "User:alice", topic: "orders", bytesIn: 5, bytesOut: 0, messagesIn: 1, at: date("2026-12-07T21:52:10Z"))
        let deadline = Date().addingTimeInterval(10)
        while try UsageJournalReader(directory: directory).lines(in: day).isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertEqual(try UsageJournalReader(directory: directory).lines(in: day).map(\.entry), [
            traffic("2026-12-07T21:52:00Z", "User:alice", "orders", bytesIn: 5, messagesIn: 1)
        ])
        try recorder.close()
    }

    /// Killed after a flush, with more recorded and a torn line on disk: reopened,
    /// the journal counts what was flushed once, and goes on from there.
    func testAKillLosesOnlyWhatWasNotFlushedAndNeverCountsTwice() throws {
        let directory = makeJournalDirectory()
        let at = date("2026-12-07T21:52:10Z")
        var killed: UsageRecorder? = try UsageRecorder(directory: directory, flushInterval: .seconds(3_600), logger: logger)
        killed?.record(principal: "User:alice", topic: "orders", bytesIn: 100, bytesOut: 10, messagesIn: 1, at: at)
        try killed?.flush()
        killed?.record(principal: "User:alice", topic: "orders", bytesIn: 7_000, bytesOut: 0, messagesIn: 70, at: at)
        // No close: the counts in memory die with the recorder, as with kill -9.
        killed = nil
        try appendBytes(Data(#"{"bytes_in":7000,"bytes_out":0,"kind":"tr"#.utf8), to: try XCTUnwrap(directory.files().last).path)

        let restarted = try UsageRecorder(directory: directory, flushInterval: .seconds(3_600), logger: logger)
        restarted.record(principal: "User:alice", topic: "orders", bytesIn: 1, bytesOut: 2, messagesIn: 1, at: at)
        try restarted.close()

        let lines = try UsageJournalReader(directory: directory).lines(in: day)
        XCTAssertEqual(lines.map(\.seq), [1, 2])
        let rows = try UsageReport(directory: directory).rows(for: UsageQuery(since: date("2026-12-07T00:00:00Z"), until: date("2026-12-08T00:00:00Z")))
        XCTAssertEqual(rows.map { [$0.bytesIn, $0.bytesOut, $0.messagesIn] }, [[101, 12, 2]])
    }

    func testConcurrentRecordsAreAllCounted() throws {
        let directory = makeJournalDirectory()
        let recorder = try UsageRecorder(directory: directory, flushInterval: .milliseconds(5), logger: logger)
        let at = date("2026-12-07T21:52:10Z")
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for _ in 0..<2_000 {
                recorder.record(principal: "User:p\(thread % 2)", topic: "orders", bytesIn: 3, bytesOut: 1, messagesIn: 1, at: at)
            }
        }
        try recorder.close()

        let rows = try UsageReport(directory: directory).rows(for: UsageQuery(since: date("2026-12-07T00:00:00Z"), until: date("2026-12-08T00:00:00Z")))
        XCTAssertEqual(rows.map(\.principal), ["User:p0", "User:p1"])
        XCTAssertEqual(rows.map(\.messagesIn), [8_000, 8_000])
        XCTAssertEqual(rows.map(\.bytesIn), [24_000, 24_000])
    }
}
