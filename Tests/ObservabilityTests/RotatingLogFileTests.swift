import Foundation
import Logging
import Properties
import XCTest

@testable import Observability

/// The service log's files, real ones in a temporary directory: rotation by
/// size, the number kept, a file per process, lines dropped and counted.
final class RotatingLogFileTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "rotating-log-\(UUID().uuidString)/logs"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent)
    }

    private func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    private func lines(_ name: String) throws -> [String] {
        let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        XCTAssertTrue(text.isEmpty || text.hasSuffix("\n"), "\(name) ends mid-line")
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// A line of exactly 100 bytes with its newline.
    private func line(_ number: Int) -> String {
        let head = "{\"n\":\(number),\"pad\":\""
        return head + String(repeating: "x", count: 99 - head.count - 2) + "\"}"
    }

    func testRotatesBySizeAndKeepsTheNewestFiles() throws {
        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 3)
        for number in 0..<300 { file.write(line(number)) }

        // 40 lines of 100 bytes fill a file: 300 lines make 8 files, the last 3 kept.
        XCTAssertEqual(try names(), ["service-000006.jsonl", "service-000007.jsonl", "service-000008.jsonl"])
        for name in try names() {
            let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int)
            XCTAssertLessThanOrEqual(size, 4096, name)
        }
        let kept = try names().flatMap(lines)
        XCTAssertEqual(kept, (300 - kept.count..<300).map(line), "the newest lines, in order, none torn")
        XCTAssertEqual(kept.count, 2 * 40 + 20)
        XCTAssertEqual(file.droppedLines, 0)
    }

    func testEachProcessStartsAFileOfItsOwn() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A crashed process's file, its last line torn.
        try Data((line(1) + "\n" + "{\"n\":2,\"pa").utf8).write(to: URL(fileURLWithPath: directory + "/service-000004.jsonl"))

        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 3)
        file.write(line(3))

        XCTAssertEqual(try names(), ["service-000004.jsonl", "service-000005.jsonl"])
        XCTAssertEqual(try lines("service-000005.jsonl"), [line(3)])
        XCTAssertEqual(
            try String(contentsOfFile: directory + "/service-000004.jsonl", encoding: .utf8),
            line(1) + "\n" + "{\"n\":2,\"pa", "the torn line is left as it is, never continued"
        )
    }

    func testALineLargerThanAFileGoesAlone() throws {
        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 5)
        let long = String(repeating: "y", count: 5000)
        file.write(line(1))
        file.write(long)
        file.write(line(2))
        XCTAssertEqual(try names().map { try lines($0) }, [[line(1)], [long], [line(2)]])
    }

    func testLinesThatCannotBeWrittenAreDroppedAndCounted() throws {
        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 3)
        for number in 0..<40 { file.write(line(number)) }
        // The next file cannot be made: the directory is gone.
        try FileManager.default.removeItem(atPath: directory)
        for number in 40..<50 { file.write(line(number)) }
        XCTAssertEqual(file.droppedLines, 10)

        // Once it can be made again (tried at most once a second), lines are kept again.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        Thread.sleep(forTimeInterval: 1.1)
        file.write(line(50))
        XCTAssertEqual(file.droppedLines, 10)
        XCTAssertEqual(try names().flatMap(lines), [line(50)])
    }

    func testADroppedCountShowsInTheMetrics() throws {
        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 3)
        var settings = MetricsSettings()
        settings.level = .basic
        settings.listenHost = "127.0.0.1"
        let metrics = settings.makeMetrics()
        file.report(to: metrics)
        for number in 0..<40 { file.write(line(number)) }
        try FileManager.default.removeItem(atPath: directory)
        for number in 40..<43 { file.write(line(number)) }
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        XCTAssertTrue(text.contains("portcullis_service_log_dropped_lines_total 3"), text)
    }

    func testJSONLinesGoToEveryOutput() throws {
        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 3)
        let other = try RotatingLogFile(directory: directory + "2", maximumBytes: 4096, maximumFiles: 3)
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, outputs: [file, other]) }
        logger.logLevel = .info
        logger.info("hello", metadata: ["k": "v"])
        let written = try lines("service-000001.jsonl")
        XCTAssertEqual(written.count, 1)
        XCTAssertTrue(written[0].hasPrefix("{\"time\":\""), written[0])
        XCTAssertTrue(written[0].hasSuffix(",\"level\":\"info\",\"logger\":\"test\",\"message\":\"hello\",\"k\":\"v\"}"), written[0])
        XCTAssertEqual(
            try String(contentsOfFile: directory + "2/service-000001.jsonl", encoding: .utf8), written[0] + "\n"
        )
    }
}

/// `service.log.*` properties.
final class ServiceLogSettingsTests: XCTestCase {
    func testKeysDefaultsAndBadValues() throws {
        var settings = ServiceLogSettings()
        XCTAssertNil(settings.directory, "standard error only, by default")
        XCTAssertEqual(settings.retainedBytes, 160 << 20)
        for line in ["service.log.dir=/var/log/portcullis", "service.log.file.max.bytes=1048576", "service.log.file.max.count=4"] {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            XCTAssertTrue(try settings.apply(Property(line: 1, name: parts[0], value: parts[1])))
        }
        XCTAssertEqual(settings, {
            var expected = ServiceLogSettings(directory: "/var/log/portcullis")
            expected.maximumFileBytes = 1 << 20
            expected.maximumFiles = 4
            return expected
        }())
        XCTAssertFalse(try settings.apply(Property(line: 1, name: "log.dir", value: "/x")), "Kafka's log.dir is not ours")
        XCTAssertThrowsError(try settings.apply(Property(line: 1, name: "service.log.file.max.bytes", value: "100")))
        XCTAssertThrowsError(try settings.apply(Property(line: 1, name: "service.log.file.max.count", value: "1")))
        XCTAssertThrowsError(try settings.apply(Property(line: 1, name: "service.log.dir", value: "")))
    }
}
