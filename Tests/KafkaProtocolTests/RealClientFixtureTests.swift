import Foundation
import KafkaProtocol
import NIOCore
import XCTest

/// Request frames real clients sent to ClientInteropTests' capture server,
/// kept in Fixtures/requests/<client>/<Api>-v<version>.bin (the frame without
/// its length prefix): kcat (librdkafka 2.0.2), confluent-kafka (librdkafka
/// 2.16), kafka-python 2.3.3 (negotiated and pinned to 0.10.1) and aiokafka
/// 0.14.0. Each must decode and re-encode to exactly the bytes the client
/// sent. Re-record with PORTCULLIS_RECORD_FIXTURES=1 (see
/// Tests/ClientInteropTests/clients/README.md).
final class RealClientFixtureTests: XCTestCase {
    /// How many fixtures were recorded per client (69 in all), so that an
    /// empty or partly copied directory fails.
    private static let recordedCounts = ["aiokafka": 12, "confluent-kafka": 16, "kafka-python": 25, "kcat": 16]

    private struct Fixture {
        let client: String
        let fileName: String
        let frame: ByteBuffer
        var label: String { "\(client)/\(fileName)" }
    }

    private func fixtures() throws -> [Fixture] {
        let directory = try XCTUnwrap(
            Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent("requests"),
            "the Fixtures resource is missing from the test bundle"
        )
        let files = FileManager.default
        var fixtures: [Fixture] = []
        for client in try files.contentsOfDirectory(atPath: directory.path).sorted() {
            let clientDirectory = directory.appendingPathComponent(client)
            for fileName in try files.contentsOfDirectory(atPath: clientDirectory.path).sorted()
            where fileName.hasSuffix(".bin") {
                let data = try Data(contentsOf: clientDirectory.appendingPathComponent(fileName))
                fixtures.append(Fixture(client: client, fileName: fileName, frame: ByteBuffer(bytes: data)))
            }
        }
        return fixtures
    }

    func testEveryFixtureDecodesAndReencodesByteIdentically() throws {
        for fixture in try fixtures() {
            let request: KafkaRequestFrame
            do {
                request = try KafkaRequestFrame(decoding: fixture.frame)
            } catch {
                XCTFail("\(fixture.label) does not decode: \(error)")
                continue
            }
            var encoded = ByteBuffer()
            try request.encode(into: &encoded)
            let lengthPrefix = encoded.readInteger(as: Int32.self)
            XCTAssertEqual(lengthPrefix, Int32(encoded.readableBytes), "\(fixture.label): the length prefix is not the frame's length")
            XCTAssertEqual(
                Array(encoded.readableBytesView), Array(fixture.frame.readableBytesView),
                "\(fixture.label) re-encodes differently: \(Self.firstDifference(fixture.frame, encoded))"
            )
        }
    }

    func testFixtureNamesMatchTheApiAndVersionInside() throws {
        for fixture in try fixtures() {
            let request = try KafkaRequestFrame(decoding: fixture.frame)
            XCTAssertEqual(fixture.fileName, "\(request.apiKey.name)-v\(request.apiVersion).bin", fixture.label)
        }
    }

    func testFixtureCountIsWhatWasRecorded() throws {
        var counts: [String: Int] = [:]
        for fixture in try fixtures() {
            counts[fixture.client, default: 0] += 1
        }
        XCTAssertEqual(counts, Self.recordedCounts)
    }

    func testFixturesCoverTheCoreApisOfEveryMainClient() throws {
        let required: Set<String> = [
            "ApiVersions", "Metadata", "Produce", "Fetch", "JoinGroup", "SyncGroup", "Heartbeat",
            "SaslHandshake", "SaslAuthenticate", "OffsetCommit", "FindCoordinator",
        ]
        var apisByClient: [String: Set<String>] = [:]
        for fixture in try fixtures() {
            let api = String(fixture.fileName.prefix { $0 != "-" })
            apisByClient[fixture.client, default: []].insert(api)
        }
        for client in ["kcat", "confluent-kafka", "kafka-python"] {
            let missing = required.subtracting(apisByClient[client] ?? [])
            XCTAssertTrue(missing.isEmpty, "\(client) has no fixture of \(missing.sorted())")
        }
        XCTAssertNotNil(apisByClient["aiokafka"], "aiokafka has no fixtures")
    }

    /// Produce v3+ carries v2 record batches: the real clients' checksums
    /// must verify and their uncompressed records must decode.
    func testProducedBatchesFromRealClientsVerify() throws {
        var batchesChecked = 0
        for fixture in try fixtures() {
            let request = try KafkaRequestFrame(decoding: fixture.frame)
            guard case .produce(let produce) = request.body, request.apiVersion >= 3 else { continue }
            for topic in produce.topicData {
                for partition in topic.partitionData {
                    var records = try XCTUnwrap(partition.records, fixture.label)
                    let batches = try records.readKafkaRecordBatches()
                    XCTAssertFalse(batches.hasPartialTrailingBatch, fixture.label)
                    for batch in batches.batches {
                        try batch.verifyChecksum()
                        XCTAssertEqual(try batch.decodeRecords().count, Int(batch.recordsCount), fixture.label)
                        batchesChecked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(batchesChecked, 0)
    }

    /// Where the re-encoded frame first leaves the one the client sent.
    private static func firstDifference(_ sent: ByteBuffer, _ encoded: ByteBuffer) -> String {
        let left = Array(sent.readableBytesView)
        let right = Array(encoded.readableBytesView)
        let offset = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(left.count, right.count)
        func hex(_ bytes: [UInt8]) -> String {
            bytes[min(offset, bytes.count)..<min(offset + 16, bytes.count)]
                .map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
        }
        return "byte \(offset) of \(left.count) sent / \(right.count) re-encoded: sent [\(hex(left))] re-encoded [\(hex(right))]"
    }
}
