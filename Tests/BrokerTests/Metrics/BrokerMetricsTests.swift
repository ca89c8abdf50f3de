@testable import Broker
import Foundation
import KafkaProtocol
import Logging
import NIOCore
import Observability
import XCTest

/// An embedded broker started with metrics shows its partitions, each
/// topic's log size as its segment files measure it (0 once deleted), and
/// the KMS requests and cache hits its segments' data keys cost.
final class BrokerMetricsTests: XCTestCase {
    func testTwoTopicsShowTheirSizesThePartitionCountAndTheirDataKeys() async throws {
        let fixture = try await LogFixture.make(self)
        var configuration = BrokerConfiguration()
        configuration.dataDirectory = fixture.dataDirectory + "/broker"
        configuration.listen = SocketAddressSpec(host: "127.0.0.1", port: 0)
        configuration.log = smallSegments()
        let metrics = PortcullisMetrics(level: .topic)
        let broker = try await EmbeddedBroker(configuration: configuration, logger: Logger(label: "test"), metrics: metrics)
        let serving = Task { try await broker.run() }
        defer { serving.cancel() }

        let produced: [(topic: String, partition: Int32, batches: Int)] = [("alpha", 0, 6), ("alpha", 1, 1), ("beta", 0, 2)]
        try await KafkaTestClient.withConnection(to: broker.boundAddress) { client in
            let created = try await client.send(.createTopics(CreateTopicsRequest(topics: [
                .init(name: "alpha", numPartitions: 2, replicationFactor: 1),
                .init(name: "beta", numPartitions: 1, replicationFactor: 1),
            ])), version: 5)
            guard case .createTopics(let answer) = created else { return XCTFail("not a CreateTopics response") }
            XCTAssertEqual(answer.topics.map(\.errorCode), [0, 0])
            for (topic, partition, batches) in produced {
                for batch in 0..<batches {
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

        let alpha = try bytes(of: ".log", in: configuration.dataDirectory, topic: "alpha", partitions: 2)
        let beta = try bytes(of: ".log", in: configuration.dataDirectory, topic: "beta", partitions: 1)
        XCTAssertNotEqual(alpha, beta, "sizes that tell the topics apart")
        let segments = try keyFileCount(in: configuration.dataDirectory, partitions: [("alpha", 2), ("beta", 1)])
        XCTAssertGreaterThan(segments, 3, "alpha-0 rolled")

        var text = exposition(metrics)
        XCTAssertTrue(text.contains("portcullis_broker_partitions 3.0\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_broker_log_size_bytes{topic="alpha"} \#(Double(alpha))"# + "\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_broker_log_size_bytes{topic="beta"} \#(Double(beta))"# + "\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_kms_requests_total{operation="GenerateDataKey",result="success"} \#(segments)"# + "\n"), text)
        XCTAssertTrue(text.contains("\nportcullis_data_key_cache_hits_total 0\n"), "nothing read yet: \(text)")

        // A fetch unwraps its segment's key: generated here, so it is in the cache.
        try await KafkaTestClient.withConnection(to: broker.boundAddress) { client in
            _ = try await client.send(.fetch(FetchRequest(maxBytes: 1 << 20, topics: [
                .init(topic: "beta", partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)]),
            ])), version: 12)
        }
        text = exposition(metrics)
        XCTAssertTrue(text.contains("portcullis_data_key_cache_hits_total 1\n"), text)
        XCTAssertFalse(text.contains(#"operation="Decrypt""#), text)

        try await KafkaTestClient.withConnection(to: broker.boundAddress) { client in
            _ = try await client.send(.deleteTopics(DeleteTopicsRequest(topicNames: ["beta"])), version: 5)
        }
        text = exposition(metrics)
        XCTAssertTrue(text.contains("portcullis_broker_partitions 2.0\n"), text)
        XCTAssertTrue(text.contains(#"portcullis_broker_log_size_bytes{topic="beta"} 0.0"# + "\n"), "a deleted topic reads 0: \(text)")
        XCTAssertTrue(text.contains(#"portcullis_broker_log_size_bytes{topic="alpha"} \#(Double(alpha))"# + "\n"), text)
    }

    /// The bytes of the files ending in `suffix` in a topic's partition directories.
    private func bytes(of suffix: String, in dataDirectory: String, topic: String, partitions: Int32) throws -> Int {
        try (0..<partitions).reduce(0) { total, partition in
            let directory = LogLayout.partitionDirectory(dataDirectory: dataDirectory, topic: topic, partition: partition)
            return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(suffix) }.reduce(total) { total, name in
                total + ((try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? NSNumber)?.intValue ?? 0)
            }
        }
    }

    /// How many segments have a `.key`: one data key generated for each.
    private func keyFileCount(in dataDirectory: String, partitions: [(topic: String, count: Int32)]) throws -> Int {
        try partitions.reduce(0) { total, topic in
            try (0..<topic.count).reduce(total) { total, partition in
                let directory = LogLayout.partitionDirectory(dataDirectory: dataDirectory, topic: topic.topic, partition: partition)
                return total + (try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".key") }.count)
            }
        }
    }

    private func exposition(_ metrics: PortcullisMetrics) -> String {
        String(decoding: metrics.exposition(), as: UTF8.self)
    }
}
