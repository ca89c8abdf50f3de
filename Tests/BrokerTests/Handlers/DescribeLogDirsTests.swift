@testable import Broker
import Foundation
import KafkaProtocol
import Logging
import NIOCore
import XCTest

/// DescribeLogDirs on a running embedded broker: one log directory, each
/// partition's size as its segment files measure it (what the usage
/// journal's storage samples record), in every version 0–4.
final class DescribeLogDirsTests: XCTestCase {
    func testEveryVersionReportsEachPartitionsLogSizeInOneDirectory() async throws {
        let (broker, serving, dataDirectory) = try await startBroker()
        defer { serving.cancel() }
        try await KafkaTestClient.withConnection(to: broker.boundAddress) { client in
            try await createAndProduce(&client, batches: [("alpha", 0, 3), ("alpha", 1, 1), ("beta", 0, 2)])
        }
        let storage = await broker.storage()
        let logs = URL(fileURLWithPath: LogLayout.logsDirectory(dataDirectory: dataDirectory)).standardizedFileURL.path

        for version in Int16(0)...4 {
            let response = try await describe(broker, DescribeLogDirsRequest(topics: nil), version: version)
            XCTAssertEqual(response.errorCode, 0)
            XCTAssertEqual(response.results.count, 1, "v\(version)")
            let directory = try XCTUnwrap(response.results.first)
            XCTAssertEqual(directory.errorCode, 0)
            XCTAssertEqual(directory.logDir, logs)
            XCTAssertEqual(directory.topics.map(\.name), ["alpha", "beta"], "v\(version)")
            for topic in directory.topics {
                let partitions = topic.partitions
                XCTAssertEqual(partitions.map(\.partitionIndex), topic.name == "alpha" ? [0, 1] : [0])
                XCTAssertTrue(partitions.allSatisfy { $0.offsetLag == 0 && !$0.isFutureKey })
                for partition in partitions {
                    let files = try segmentBytes(dataDirectory, topic: topic.name, partition: partition.partitionIndex)
                    XCTAssertEqual(partition.partitionSize, Int64(files), "\(topic.name)-\(partition.partitionIndex) v\(version)")
                    XCTAssertGreaterThan(files, 0)
                }
                let total = partitions.reduce(0) { $0 + Int($1.partitionSize) }
                XCTAssertEqual(storage.first { $0.topic == topic.name }?.bytes, total, "the same figure the dev sampler records")
            }
            if version >= 4 {
                XCTAssertGreaterThan(directory.totalBytes, 0)
                XCTAssertGreaterThanOrEqual(directory.usableBytes, 0)
                XCTAssertLessThanOrEqual(directory.usableBytes, directory.totalBytes)
            }
        }
    }

    func testAskedPartitionsOnlyAndThoseItDoesNotHoldLeftOut() async throws {
        let (broker, serving, _) = try await startBroker()
        defer { serving.cancel() }
        try await KafkaTestClient.withConnection(to: broker.boundAddress) { client in
            try await createAndProduce(&client, batches: [("alpha", 1, 2)])
        }
        let response = try await describe(broker, DescribeLogDirsRequest(topics: [
            .init(topic: "alpha", partitions: [1, 7]),
            .init(topic: "missing", partitions: [0]),
            .init(topic: "beta", partitions: []),
        ]), version: 4)
        let topics = try XCTUnwrap(response.results.first).topics
        XCTAssertEqual(topics.map(\.name), ["alpha"])
        XCTAssertEqual(topics.first?.partitions.map(\.partitionIndex), [1])
        XCTAssertGreaterThan(topics.first?.partitions.first?.partitionSize ?? 0, 0)

        // A topic created but never written holds 0 bytes in each partition.
        let unwritten = try await describe(broker, DescribeLogDirsRequest(topics: [.init(topic: "beta", partitions: [0])]), version: 1)
        XCTAssertEqual(unwritten.results.first?.topics.first?.partitions.map(\.partitionSize), [0])
    }

    func testApiVersionsAdvertisesIt() async throws {
        let (broker, serving, _) = try await startBroker()
        defer { serving.cancel() }
        let answer = try await KafkaTestClient.withConnection(to: broker.boundAddress) { client in
            try await client.send(.apiVersions(ApiVersionsRequest()), version: 0)
        }
        guard case .apiVersions(let versions) = answer else { return XCTFail("not an ApiVersions response") }
        let entry = versions.apiKeys.first { $0.apiKey == KafkaApiKey.describeLogDirs.rawValue }
        XCTAssertEqual(entry?.minVersion, 0)
        XCTAssertEqual(entry?.maxVersion, 4)
    }

    // MARK: - Support

    private func startBroker() async throws -> (EmbeddedBroker, Task<Void, any Error>, String) {
        let fixture = try await LogFixture.make(self)
        var configuration = BrokerConfiguration()
        configuration.dataDirectory = fixture.dataDirectory + "/broker"
        configuration.listen = SocketAddressSpec(host: "127.0.0.1", port: 0)
        configuration.log = smallSegments()
        let broker = try await EmbeddedBroker(configuration: configuration, logger: Logger(label: "test"))
        return (broker, Task { try await broker.run() }, configuration.dataDirectory)
    }

    /// Creates alpha (2 partitions) and beta (1), then produces one batch per count.
    private func createAndProduce(_ client: inout KafkaTestClient, batches: [(topic: String, partition: Int32, count: Int)]) async throws {
        let created = try await client.send(.createTopics(CreateTopicsRequest(topics: [
            .init(name: "alpha", numPartitions: 2, replicationFactor: 1),
            .init(name: "beta", numPartitions: 1, replicationFactor: 1),
        ])), version: 5)
        guard case .createTopics(let answer) = created else { return XCTFail("not a CreateTopics response") }
        XCTAssertEqual(answer.topics.map(\.errorCode), [0, 0])
        for (topic, partition, count) in batches {
            for batch in 0..<count {
                var records = ByteBuffer()
                records.writeKafkaRecordBatch(try logTestBatch(["\(topic)-\(partition)-\(batch)"]))
                let response = try await client.send(.produce(ProduceRequest(acks: -1, timeoutMs: 5_000, topicData: [
                    .init(name: topic, partitionData: [.init(index: partition, records: records)]),
                ])), version: 9)
                guard case .produce(let body) = response else { return XCTFail("not a Produce response") }
                XCTAssertEqual(body.responses.first?.partitionResponses.first?.errorCode, 0)
            }
        }
    }

    private func describe(_ broker: EmbeddedBroker, _ request: DescribeLogDirsRequest, version: Int16) async throws -> DescribeLogDirsResponse {
        let answer = try await KafkaTestClient.withConnection(to: broker.boundAddress) { client in
            try await client.send(.describeLogDirs(request), version: version)
        }
        guard case .describeLogDirs(let response) = answer else { throw KafkaTestClientError.outOfOrder }
        return response
    }

    /// The bytes of a partition's segment files (`.log`).
    private func segmentBytes(_ dataDirectory: String, topic: String, partition: Int32) throws -> Int {
        let directory = LogLayout.partitionDirectory(dataDirectory: dataDirectory, topic: topic, partition: partition)
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".log") }.reduce(0) { total, name in
            total + ((try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? NSNumber)?.intValue ?? 0)
        }
    }
}
