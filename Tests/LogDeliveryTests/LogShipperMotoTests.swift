import Foundation
import Logging
import MotoTestServer
import XCTest

@testable import LogDelivery

/// The shipper against a real moto server (started on a free loopback port by
/// each test, stopped after): every record arrives at CloudWatch Logs, S3 and
/// Kinesis; a shipper cancelled mid-delivery and started again resends at most
/// the batch in flight; a destination that goes down is retried without
/// holding up the others and catches up when it is back.
/// Without moto_server installed these tests fail (scripts/install-test-deps.sh).
final class LogShipperMotoTests: XCTestCase {
    private var log: DecisionLogFixture!
    private var servers: [AWSMotoServer] = []

    override func setUpWithError() throws {
        log = try DecisionLogFixture()
    }

    override func tearDown() {
        servers.forEach { $0.stop() }
        log.remove()
    }

    private func startMoto(port: Int? = nil) throws -> AWSMotoServer {
        let moto = try AWSMotoServer.start(port: port)
        servers.append(moto)
        return moto
    }

    private func configuration(_ moto: AWSMotoServer, kinesis: AWSMotoServer? = nil, batchBytes: Int) -> LogDeliveryConfiguration {
        var configuration = LogDeliveryConfiguration()
        configuration.cloudWatchLogs.logGroup = MotoDestinations.logGroup
        configuration.cloudWatchLogs.logStream = MotoDestinations.logStream
        configuration.cloudWatchLogs.endpoint = moto.endpoint
        configuration.s3.bucket = MotoDestinations.bucket
        configuration.s3.prefix = MotoDestinations.prefix
        configuration.s3.endpoint = moto.endpoint
        configuration.kinesis.stream = MotoDestinations.stream
        configuration.kinesis.endpoint = (kinesis ?? moto).endpoint
        configuration.instance = "gw-test"
        configuration.batchMaximumBytes = batchBytes
        configuration.batchMaximumAge = .milliseconds(100)
        configuration.retryMaximumDelay = .milliseconds(500)
        return configuration
    }

    private func shipper(_ configuration: LogDeliveryConfiguration) throws -> LogShipper {
        try LogShipper(
            configuration: configuration, dataDirectory: log.dataDirectory,
            environment: MotoDestinations.environment, logger: Logger(label: "log-delivery-test")
        )
    }

    private func cursor(_ destination: String) throws -> LogPosition? {
        try DeliveryCursor(directory: log.dataDirectory + "/log-delivery", destination: destination).load()
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` pass.
    private func waitUntil(_ what: String, seconds: Double = 60, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            guard Date() < deadline else { return XCTFail("not within \(seconds) s: \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func allDelivered(_ shipper: LogShipper, upTo end: LogPosition, _ names: [String] = ["cloudwatch", "s3", "kinesis"]) -> Bool {
        names.allSatisfy { shipper.status[$0]?.cursor == end }
    }

    private func seqs(_ lines: [String]) -> [Int] {
        lines.map { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["seq"] as? Int ?? -1
        }
    }

    func testEveryRecordArrivesAtEachDestination() async throws {
        let moto = try startMoto()
        try MotoDestinations.create(in: moto)
        try log.append(700, toFile: 1)
        try log.append(500, toFile: 2)
        try log.appendTorn(#"{"seq":1201,"prev":"#, toFile: 2)
        let end = LogPosition(file: "decisions-000002.jsonl", offset: try fileSize(2) - #"{"seq":1201,"prev":"#.utf8.count)

        let shipper = try shipper(configuration(moto, batchBytes: 16 << 10))
        let started = Date()
        let task = Task { try await shipper.run() }
        try await waitUntil("all delivered") { allDelivered(shipper, upTo: end) }
        let elapsed = Date().timeIntervalSince(started)
        task.cancel()
        try await task.value

        let contents = try MotoDestinations.read(from: moto)
        XCTAssertEqual(contents.kinesis, log.lines, "Kinesis: every line once, in order (one shard)")
        XCTAssertEqual(contents.s3Lines, log.lines, "S3: every line once, objects in log order")
        XCTAssertEqual(contents.cloudwatch.sorted(), log.lines.sorted(), "CloudWatch: every line once")
        XCTAssertEqual(shipper.status["cloudwatch"]?.deliveredRecords, 1200)
        XCTAssertEqual(shipper.pendingBytes, #"{"seq":1201,"prev":"#.utf8.count, "only the torn line is left")
        XCTAssertEqual(shipper.lagSeconds, 0)
        print("log delivery to moto: 1200 records, \(contents.s3.count) S3 objects, \(shipper.status["kinesis"]?.deliveredBatches ?? 0) Kinesis batches, in \(String(format: "%.1f", elapsed)) s")
    }

    func testACancelledShipperResendsAtMostTheBatchInFlight() async throws {
        let moto = try startMoto()
        try MotoDestinations.create(in: moto)
        try log.append(2000)
        let end = LogPosition(file: "decisions-000001.jsonl", offset: try fileSize(1))
        let configuration = configuration(moto, batchBytes: 8 << 10)

        // Cancelled as soon as each destination has acknowledged three batches, whatever it is doing then.
        let first = try shipper(configuration)
        let task = Task { try await first.run() }
        try await waitUntil("three batches each") { first.status.values.count == 3 && first.status.values.allSatisfy { $0.deliveredBatches >= 3 } }
        task.cancel()
        try await task.value
        let stoppedAt = try ["cloudwatch", "s3", "kinesis"].map { try XCTUnwrap(cursor($0)) }
        XCTAssertTrue(stoppedAt.allSatisfy { $0.offset < end.offset }, "stopped mid-delivery: \(stoppedAt)")

        let second = try shipper(configuration)
        let resumed = Task { try await second.run() }
        try await waitUntil("the rest delivered") { allDelivered(second, upTo: end) }
        resumed.cancel()
        try await resumed.value

        let contents = try MotoDestinations.read(from: moto)
        let batchLines = (8 << 10) / (log.lines.map(\.utf8.count).min()! + 1)
        for (name, lines) in [("cloudwatch", contents.cloudwatch), ("s3", contents.s3Lines), ("kinesis", contents.kinesis)] {
            XCTAssertEqual(Set(seqs(lines)), Set(1...2000), "\(name): every record")
            XCTAssertLessThanOrEqual(lines.count - 2000, batchLines, "\(name): at most one batch again")
            print("log delivery to moto after a cancel: \(name) \(lines.count - 2000) records delivered twice (\(lines.count) for 2000), stopped at \(stoppedAt)")
        }
    }

    func testADestinationThatIsDownIsRetriedWithoutHoldingUpTheOthers() async throws {
        let moto = try startMoto()
        let kinesisMoto = try startMoto()
        try MotoDestinations.create(in: moto, stream: false)
        try MotoDestinations.create(in: kinesisMoto, bucket: false)
        let shipper = try shipper(configuration(moto, kinesis: kinesisMoto, batchBytes: 16 << 10))
        let task = Task { try await shipper.run() }
        try log.append(100)
        let before = LogPosition(file: "decisions-000001.jsonl", offset: try fileSize(1))
        try await waitUntil("the first records delivered") { allDelivered(shipper, upTo: before) }

        // Kinesis goes away; the writer goes on, and so do CloudWatch and S3.
        kinesisMoto.stop()
        try log.append(200)
        let after = LogPosition(file: "decisions-000001.jsonl", offset: try fileSize(1))
        try await waitUntil("CloudWatch and S3 delivered") { allDelivered(shipper, upTo: after, ["cloudwatch", "s3"]) }
        try await waitUntil("Kinesis retried") { (shipper.status["kinesis"]?.consecutiveFailures ?? 0) >= 3 }
        let down = try XCTUnwrap(shipper.status["kinesis"])
        XCTAssertEqual(down.cursor, before)
        XCTAssertEqual(down.pendingBytes, after.offset - before.offset)
        XCTAssertGreaterThan(down.lagSeconds, 0)
        XCTAssertEqual(shipper.pendingBytes, after.offset - before.offset)

        // While it is down the backlog and the lag keep growing, as the writer goes on.
        let lagThen = down.lagSeconds
        try log.append(50)
        let later = LogPosition(file: "decisions-000001.jsonl", offset: try fileSize(1))
        try await waitUntil("the backlog counted while Kinesis is down") {
            shipper.status["kinesis"]?.pendingBytes == later.offset - before.offset
        }
        XCTAssertGreaterThan(shipper.lagSeconds, lagThen)

        // Back on the same port (empty: moto keeps nothing), the stream made again: Kinesis catches up.
        let back = try startMoto(port: kinesisMoto.port)
        try MotoDestinations.create(in: back, bucket: false)
        let returned = Date()
        try await waitUntil("Kinesis caught up") { allDelivered(shipper, upTo: later) }
        print("log delivery to moto: Kinesis down, \(down.consecutiveFailures)+ failed tries, \(down.pendingBytes) bytes pending; caught up \(String(format: "%.1f", Date().timeIntervalSince(returned))) s after it was back")
        XCTAssertEqual(shipper.status["kinesis"]?.consecutiveFailures, 0)
        task.cancel()
        try await task.value

        XCTAssertEqual(try MotoDestinations.read(from: moto).cloudwatch.count, 350)
        XCTAssertEqual(try MotoDestinations.read(from: back).kinesis, Array(log.lines[100...]), "the 250 written while it was down")
    }

    private func fileSize(_ number: Int) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: log.audit.decisionFile(number).path)[.size] as? Int)
    }
}
