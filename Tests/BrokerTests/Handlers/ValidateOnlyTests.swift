@testable import Broker
import KafkaProtocol
import XCTest

/// CreateTopics and CreatePartitions with validateOnly answer what the real
/// request would, and change nothing.
final class ValidateOnlyTests: XCTestCase {
    func testCreatePartitionsValidateOnlyRefusesWhatTheRealRequestRefuses() async throws {
        let fixture = try await ClusterHandlersFixture.make(self)
        _ = try await fixture.topics.create(name: "orders", partitions: 2, configs: [:])

        let response = await fixture.handlers.createPartitions(CreatePartitionsRequest(
            topics: [.init(name: "orders", count: 1), .init(name: "orders", count: 2), .init(name: "missing", count: 3),
                     .init(name: "orders", count: 5)],
            validateOnly: true
        ))
        XCTAssertEqual(response.results.map(\.errorCode), [
            KafkaErrorCode.invalidPartitions.rawValue, KafkaErrorCode.invalidPartitions.rawValue,
            KafkaErrorCode.unknownTopicOrPartition.rawValue, KafkaErrorCode.none.rawValue,
        ])
        let partitions = await fixture.topics.topic(named: "orders")?.partitions
        XCTAssertEqual(partitions, 2, "validateOnly changed the partition count")
    }

    func testCreateTopicsValidateOnlyChecksConfigsAndPartitions() async throws {
        let fixture = try await ClusterHandlersFixture.make(self)
        _ = try await fixture.topics.create(name: "existing", partitions: 1, configs: [:])

        let response = await fixture.handlers.createTopics(CreateTopicsRequest(
            topics: [
                .init(name: "bad-config", numPartitions: 1, replicationFactor: 1, configs: [.init(name: "retention.ms", value: "soon")]),
                .init(name: "unknown-config", numPartitions: 1, replicationFactor: 1, configs: [.init(name: "cleanup.policy", value: "compact")]),
                .init(name: "no-partitions", numPartitions: 0, replicationFactor: 1),
                .init(name: "existing", numPartitions: 1, replicationFactor: 1),
                .init(name: "fine", numPartitions: 3, replicationFactor: 1),
            ],
            validateOnly: true
        ))
        XCTAssertEqual(response.topics.map(\.errorCode), [
            KafkaErrorCode.invalidConfig.rawValue, KafkaErrorCode.invalidConfig.rawValue, KafkaErrorCode.invalidPartitions.rawValue,
            KafkaErrorCode.topicAlreadyExists.rawValue, KafkaErrorCode.none.rawValue,
        ])
        XCTAssertEqual(response.topics.last?.numPartitions, 3)
        let names = await fixture.topics.all.map(\.name)
        XCTAssertEqual(names, ["existing"], "validateOnly created a topic")
    }
}
