import Foundation
@testable import Usage
import XCTest

extension XCTestCase {
    /// A journal directory of its own (not created yet: the journal creates it), removed when the test ends.
    func makeJournalDirectory() -> UsageDirectory {
        let path = NSTemporaryDirectory() + "/portcullis-usage-" + UUID().uuidString
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return UsageDirectory(path: path)
    }

    /// A journal holding one line (alice's 10 bytes on orders at 2026-12-07T21:52), released again, and its file.
    func makeJournalWithOneLine() throws -> (directory: UsageDirectory, file: String) {
        let directory = makeJournalDirectory()
        try UsageJournal(directory: directory).append([traffic("2026-12-07T21:52:00Z", "User:alice", "orders", bytesIn: 10)])
        return (directory, directory.path + "/usage-20261207T2152Z-000000000001.jsonl")
    }

    /// The journal's files' names, in the order they were written.
    func fileNames(_ directory: UsageDirectory) throws -> [String] {
        try directory.files().map { ($0.path as NSString).lastPathComponent }
    }
}

/// Writes `bytes` at the end of `path`, as a writer would (or a crash in the middle of one).
func appendBytes(_ bytes: Data, to path: String) throws {
    let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
    defer { handle.closeFile() }
    handle.seekToEndOfFile()
    handle.write(bytes)
}

/// `2026-12-07T21:52:00Z` as a minute; the tests' times are all written so.
func minute(_ text: String) -> UsageMinute {
    guard let minute = UsageMinute(iso8601: text) else { preconditionFailure("not a minute: \(text)") }
    return minute
}

func date(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("not a time: \(text)") }
    return date
}

func traffic(_ at: String, _ principal: String, _ topic: String, bytesIn: Int64 = 0, bytesOut: Int64 = 0, messagesIn: Int64 = 0) -> UsageEntry {
    .traffic(TrafficKey(minute: minute(at), principal: principal, topic: topic), TrafficCounts(bytesIn: bytesIn, bytesOut: bytesOut, messagesIn: messagesIn))
}

func storage(_ at: String, _ topic: String, partitions: Int64, bytes: Int64) -> UsageEntry {
    .storage(StorageKey(minute: minute(at), topic: topic), StorageSample(partitions: partitions, storageBytes: bytes))
}
