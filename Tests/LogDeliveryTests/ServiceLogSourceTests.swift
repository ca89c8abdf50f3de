import AsyncHTTPClient
import Foundation
import Observability
import XCTest

@testable import LogDelivery

/// Reading the service log's rotated files (written by the gateway's own
/// writer) from a cursor, and what a rotation that outruns delivery loses.
final class ServiceLogSourceTests: XCTestCase {
    private var directory: String!
    private let roomy = BatchLimits(maximumBytes: 1 << 20, maximumRecords: 10_000)

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "service-log-source-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// 100 bytes with the newline, a `time` first as the JSON handler writes it.
    private func line(_ number: Int) -> String {
        let head = "{\"time\":\"2026-12-08T01:02:03.\(String(format: "%03d", number % 1000))Z\",\"n\":\(number),\"p\":\""
        return head + String(repeating: "x", count: 99 - head.count - 2) + "\"}"
    }

    private func everything(_ source: ServiceLogSource, from start: LogPosition? = nil) throws -> (lines: [String], end: LogPosition?) {
        var position = start
        var lines: [String] = []
        while let batch = try source.batch(from: position, limits: roomy) {
            lines += batch.lines.map { String(decoding: $0.bytes, as: UTF8.self) }
            position = batch.end
        }
        return (lines, position)
    }

    func testEveryLineAcrossRotatedFilesInOrder() throws {
        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 10)
        for number in 0..<150 { file.write(line(number)) }
        let source = ServiceLogSource(directory: directory)
        let (lines, end) = try everything(source)
        XCTAssertEqual(lines, (0..<150).map(line))
        XCTAssertEqual(end, LogPosition(file: "service-000004.jsonl", offset: 30 * 100))
        XCTAssertEqual(try source.pendingBytes(after: end), 0)

        let first = try XCTUnwrap(source.batch(from: nil, limits: roomy)?.lines.first)
        XCTAssertEqual(first.millisecondsSinceEpoch, 1_796_691_723_000, "2026-12-08T01:02:03.000Z")
    }

    func testATornEndIsPassedOverOnceTheNextProcessHasAFile() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data((line(1) + "\n" + "{\"time\":\"20").utf8).write(to: URL(fileURLWithPath: directory + "/service-000001.jsonl"))
        let source = ServiceLogSource(directory: directory)
        XCTAssertEqual(try everything(source).lines, [line(1)])

        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 10)
        file.write(line(2))
        XCTAssertEqual(try everything(source).lines, [line(1), line(2)])
    }

    func testRotationThatOutrunsDeliveryIsCounted() throws {
        let file = try RotatingLogFile(directory: directory, maximumBytes: 4096, maximumFiles: 2)
        for number in 0..<40 { file.write(line(number)) }
        let source = ServiceLogSource(directory: directory)
        let delivered = try XCTUnwrap(source.batch(from: nil, limits: BatchLimits(maximumBytes: 300, maximumRecords: 3)))
        XCTAssertEqual(delivered.end, LogPosition(file: "service-000001.jsonl", offset: 300))
        _ = try source.pendingBytes(after: delivered.end)  // the shipper looks at every poll

        // Files 2 and 3 fill up, and file 1 is deleted before the destination gets further …
        for number in 40..<120 { file.write(line(number)) }
        _ = try source.pendingBytes(after: delivered.end)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["service-000002.jsonl", "service-000003.jsonl"])
        // … then files 2 and 3 as well.
        for number in 120..<200 { file.write(line(number)) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["service-000004.jsonl", "service-000005.jsonl"])

        let next = try XCTUnwrap(source.batch(from: delivered.end, limits: roomy))
        XCTAssertEqual(next.start, LogPosition(file: "service-000004.jsonl", offset: 0))
        XCTAssertEqual(next.lines.first.map { String(decoding: $0.bytes, as: UTF8.self) }, line(120))
        // File 1 from the cursor (37 lines), files 2 and 3 as last seen (40 lines each).
        XCTAssertEqual(source.skippedBytes(from: delivered.end, to: next.start), (37 + 40 + 40) * 100)
    }

    func testTimesOfServiceLogLines() {
        XCTAssertEqual(ServiceLogSource.time(Array(#"{"time":"1970-01-01T00:00:01.250Z","level":"info"}"#.utf8)[...]), 1250)
        XCTAssertNil(ServiceLogSource.time(Array(#"{"level":"info"}"#.utf8)[...]))
        XCTAssertNil(ServiceLogSource.time(Array(#"{"time":"not a time at all, no","level":"info"}"#.utf8)[...]))
    }

    func testServiceDestinationsHaveTheirOwnNamesPrefixesAndKeys() throws {
        var configuration = LogDeliveryConfiguration()
        configuration.logs = [.decisions, .service]
        configuration.s3.bucket = "b"
        configuration.kinesis.stream = "k"
        configuration.cloudWatchLogs.logGroup = "g"
        configuration.region = "us-east-1"
        configuration.instance = "gw"
        let environment = ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "s"]
        let factory = DestinationFactory(configuration: configuration, environment: environment)
        let client = HTTPClient.shared
        let decisions = try factory.all(for: .decisions).map { $0(client) }
        let service = try factory.all(for: .service).map { $0(client) }
        XCTAssertEqual(decisions.map(\.name), ["cloudwatch", "s3", "kinesis"])
        XCTAssertEqual(service.map(\.name), ["cloudwatch-service", "s3-service", "kinesis-service"])
        XCTAssertEqual((service[0] as? CloudWatchLogsDestination)?.logStream, "gw-service")
        XCTAssertEqual((service[1] as? S3Destination)?.prefix, "portcullis/service")
        XCTAssertEqual((service[2] as? KinesisDestination)?.partitionKey, "gw-service")

        configuration.logs = [.decisions]
        XCTAssertTrue(try DestinationFactory(configuration: configuration, environment: environment).all(for: .service).isEmpty)
    }
}
