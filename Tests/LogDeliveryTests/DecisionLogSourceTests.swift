import Foundation
import XCTest

@testable import LogDelivery

/// Reading the log from a cursor: complete lines only, across files, and on from a saved cursor.
final class DecisionLogSourceTests: XCTestCase {
    private var log: DecisionLogFixture!
    private var source: DecisionLogSource!
    private let roomy = BatchLimits(maximumBytes: 1 << 20, maximumRecords: 1_000)

    override func setUpWithError() throws {
        log = try DecisionLogFixture()
        source = DecisionLogSource(directory: log.audit)
    }

    override func tearDown() {
        log.remove()
    }

    func testNothingBeforeTheFirstFile() throws {
        try FileManager.default.removeItem(atPath: log.audit.path)
        XCTAssertNil(try source.batch(from: nil, limits: roomy))
        XCTAssertEqual(try source.pendingBytes(after: nil), 0)
    }

    func testATornLastLineIsNotShipped() throws {
        let complete = try log.append(3)
        try log.appendTorn(#"{"seq":4,"prev":"ab"#)

        let batch = try XCTUnwrap(source.batch(from: nil, limits: roomy))
        XCTAssertEqual(batch.lines.map { String(decoding: $0.bytes, as: UTF8.self) }, complete)
        XCTAssertFalse(batch.isFull)
        XCTAssertEqual(batch.end.offset, complete.reduce(0) { $0 + $1.utf8.count + 1 })
        XCTAssertNil(try source.batch(from: batch.end, limits: roomy), "the torn line waits for its newline")
        XCTAssertEqual(try source.pendingBytes(after: batch.end), #"{"seq":4,"prev":"ab"#.utf8.count)

        // The writer finishes the line: it goes, whole, from the same cursor.
        try log.write(#"c"}"# + "\n", toFile: 1)
        XCTAssertEqual(try source.batch(from: batch.end, limits: roomy)?.lines.map(\.bytes), [Array(#"{"seq":4,"prev":"abc"}"#.utf8)])
    }

    func testLinesCarryTheirRecordsTime() throws {
        try log.append(1)
        let line = try XCTUnwrap(source.batch(from: nil, limits: roomy)?.lines.first)
        XCTAssertEqual(Double(line.millisecondsSinceEpoch) / 1000, Date().timeIntervalSince1970, accuracy: 60)
    }

    func testASavedCursorResumesAfterTheLastDeliveredLine() throws {
        let cursorDirectory = log.dataDirectory + "/log-delivery"
        try FileManager.default.createDirectory(atPath: cursorDirectory, withIntermediateDirectories: true)
        let lines = try log.append(5)
        let first = try XCTUnwrap(source.batch(from: nil, limits: BatchLimits(maximumBytes: 1 << 20, maximumRecords: 2)))
        XCTAssertTrue(first.isFull)
        try DeliveryCursor(directory: cursorDirectory, destination: "s3").save(first.end)

        // A new shipper (a restart) reads the cursor back and goes on from there.
        let restored = try XCTUnwrap(DeliveryCursor(directory: cursorDirectory, destination: "s3").load())
        XCTAssertEqual(restored, first.end)
        XCTAssertNil(try DeliveryCursor(directory: cursorDirectory, destination: "kinesis").load())
        let rest = try XCTUnwrap(source.batch(from: restored, limits: roomy))
        XCTAssertEqual(rest.lines.map { String(decoding: $0.bytes, as: UTF8.self) }, Array(lines[2...]))
    }

    func testRotationMovesOnToTheNextFileOnceItExists() throws {
        try log.append(2, toFile: 1)
        let end = try XCTUnwrap(source.batch(from: nil, limits: roomy)).end
        XCTAssertNil(try source.batch(from: end, limits: roomy))

        // A crash left a torn line at the end of file 1; the writer then started file 2.
        try log.appendTorn(#"{"seq":3"#, toFile: 1)
        let new = try log.append(2, toFile: 2)
        let next = try XCTUnwrap(source.batch(from: end, limits: roomy))
        XCTAssertEqual(next.start, LogPosition(file: "decisions-000002.jsonl", offset: 0))
        XCTAssertEqual(next.lines.map { String(decoding: $0.bytes, as: UTF8.self) }, new)
        XCTAssertEqual(try source.pendingBytes(after: end), #"{"seq":3"#.utf8.count + new.reduce(0) { $0 + $1.utf8.count + 1 })
    }

    func testALineLongerThanTheBatchLimitGoesAlone() throws {
        let lines = try log.append(2)
        let limits = BatchLimits(maximumBytes: 40, maximumRecords: 10)
        let batch = try XCTUnwrap(source.batch(from: nil, limits: limits))
        XCTAssertEqual(batch.lines.map { String(decoding: $0.bytes, as: UTF8.self) }, [lines[0]])
        XCTAssertTrue(batch.isFull)
        let second = try XCTUnwrap(source.batch(from: batch.end, limits: limits))
        XCTAssertEqual(second.lines.map { String(decoding: $0.bytes, as: UTF8.self) }, [lines[1]])
    }
}
