import Foundation
import XCTest
@testable import Usage

final class UsageJournalTests: XCTestCase {
    private let everything = minute("2026-12-07T00:00:00Z")..<minute("2026-12-08T00:00:00Z")

    func testAppendsNumberedLinesInTheDocumentedFormat() throws {
        let directory = makeJournalDirectory()
        let journal = try UsageJournal(directory: directory)
        try journal.append([traffic("2026-12-07T21:52:00Z", "User:alice", "orders", bytesIn: 512, messagesIn: 4)])
        try journal.append([storage("2026-12-07T21:53:00Z", "orders", partitions: 3, bytes: 1_048_576)])

        XCTAssertEqual(try fileNames(directory), ["usage-20261207T2152Z-000000000001.jsonl"])
        let text = try String(contentsOfFile: directory.path + "/usage-20261207T2152Z-000000000001.jsonl", encoding: .utf8)
        XCTAssertEqual(text, """
            {"bytes_in":512,"bytes_out":0,"kind":"traffic","messages_in":4,"minute":"2026-12-07T21:52:00Z","principal":"User:alice","seq":1,"topic":"orders"}
            {"kind":"storage","minute":"2026-12-07T21:53:00Z","partitions":3,"seq":2,"storage_bytes":1048576,"topic":"orders"}

            """)
        XCTAssertEqual(journal.lastSeq, 2)
    }

    func testReopeningContinuesTheSequence() throws {
        let directory = makeJournalDirectory()
        do {
            let journal = try UsageJournal(directory: directory)
            try journal.append([traffic("2026-12-07T21:52:00Z", "User:alice", "orders", bytesIn: 1), traffic("2026-12-07T21:52:00Z", "User:bob", "orders", bytesIn: 2)])
        }
        let reopened = try UsageJournal(directory: directory)
        XCTAssertEqual(reopened.lastSeq, 2)
        try reopened.append([traffic("2026-12-07T21:53:00Z", "User:alice", "orders", bytesIn: 3)])

        let lines = try UsageJournalReader(directory: directory).lines(in: everything)
        XCTAssertEqual(lines.map(\.seq), [1, 2, 3])
        XCTAssertEqual(try fileNames(directory), ["usage-20261207T2152Z-000000000001.jsonl"])
    }

    func testATornLastLineIsIgnoredWhenReadingAndCutOffWhenReopening() throws {
        let (directory, path) = try makeJournalWithOneLine()
        let good = try XCTUnwrap(FileManager.default.contents(atPath: path))
        // A crash in the middle of the next append.
        let torn = Data(#"{"bytes_in":99,"bytes_out":0,"kind":"traffic","messa"#.utf8)
        try appendBytes(torn, to: path)

        XCTAssertEqual(try UsageJournalReader(directory: directory).lines(in: everything).map(\.seq), [1])

        let reopened = try UsageJournal(directory: directory)
        XCTAssertEqual(reopened.tornByteCountCut, torn.count)
        XCTAssertEqual(FileManager.default.contents(atPath: path), good)
        try reopened.append([traffic("2026-12-07T21:53:00Z", "User:alice", "orders", bytesIn: 20)])
        let lines = try UsageJournalReader(directory: directory).lines(in: everything)
        XCTAssertEqual(lines.map(\.seq), [1, 2])
        XCTAssertEqual(lines.last?.entry, traffic("2026-12-07T21:53:00Z", "User:alice", "orders", bytesIn: 20))
    }

    func testADamagedCompleteLineIsAnError() throws {
        let (directory, path) = try makeJournalWithOneLine()
        try appendBytes(Data("{\"seq\":2}\n".utf8), to: path)

        XCTAssertThrowsError(try UsageJournalReader(directory: directory).lines(in: everything)) { error in
            guard case UsageJournalError.invalidLine(path: path, line: 2, reason: _) = error else { return XCTFail("\(error)") }
        }
    }

    func testLinesCopiedOutOfSequenceAreAnError() throws {
        let (directory, path) = try makeJournalWithOneLine()
        try appendBytes(try XCTUnwrap(FileManager.default.contents(atPath: path)), to: path)

        XCTAssertThrowsError(try UsageJournalReader(directory: directory).lines(in: everything)) { error in
            guard case UsageJournalError.sequenceOutOfOrder(path: path, line: 2, seq: 1, previous: 1) = error else { return XCTFail("\(error)") }
        }
    }

    func testANewFileForEachDayAndWhenTheFileIsFull() throws {
        let directory = makeJournalDirectory()
        let journal = try UsageJournal(directory: directory, maxFileBytes: 200)
        // One append spanning midnight is split between the two days' files.
        try journal.append([traffic("2026-12-08T00:00:00Z", "User:alice", "orders", bytesIn: 2), traffic("2026-12-07T23:59:00Z", "User:alice", "orders", bytesIn: 1)])
        try journal.append([traffic("2026-12-08T00:01:00Z", "User:alice", "orders", bytesIn: 3)])
        // The 8th's file now holds two lines, over 200 bytes.
        try journal.append([traffic("2026-12-08T00:02:00Z", "User:alice", "orders", bytesIn: 4)])

        XCTAssertEqual(try fileNames(directory), [
            "usage-20261207T2359Z-000000000001.jsonl",
            "usage-20261208T0000Z-000000000002.jsonl",
            "usage-20261208T0002Z-000000000004.jsonl",
        ])
    }

    func testARangeIsReadFromTheFilesThatCanHoldItOnly() throws {
        let directory = makeJournalDirectory()
        let journal = try UsageJournal(directory: directory)
        try journal.append([traffic("2026-12-07T12:00:00Z", "User:alice", "orders", bytesIn: 1)])
        try journal.append([traffic("2026-12-08T12:00:00Z", "User:alice", "orders", bytesIn: 2)])
        // Damage the 7th's file: a range within the 8th must not read it.
        try Data("not json\n".utf8).write(to: URL(fileURLWithPath: directory.path + "/usage-20261207T1200Z-000000000001.jsonl"))

        let reader = UsageJournalReader(directory: directory)
        XCTAssertEqual(try reader.lines(in: minute("2026-12-08T00:00:00Z")..<minute("2026-12-09T00:00:00Z")).map(\.seq), [2])
        XCTAssertThrowsError(try reader.lines(in: minute("2026-12-07T23:00:00Z")..<minute("2026-12-08T13:00:00Z")))
    }

    func testOneWriterAtATime() throws {
        let directory = makeJournalDirectory()
        let journal = try UsageJournal(directory: directory)
        XCTAssertThrowsError(try UsageJournal(directory: directory)) { error in
            guard case UsageJournalError.locked = error else { return XCTFail("\(error)") }
        }
        withExtendedLifetime(journal) {}
    }
}
