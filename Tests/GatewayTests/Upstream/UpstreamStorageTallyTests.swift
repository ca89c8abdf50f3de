@testable import Gateway
import KafkaProtocol
import XCTest

/// Metadata and DescribeLogDirs answers become per-topic storage: the leader's
/// copy only, internal topics left out, a topic missing a leader's size left
/// out of the round rather than sampled too small.
final class UpstreamStorageTallyTests: XCTestCase {
    private typealias Partition = UpstreamStorageTally.Partition

    /// orders: 0 led by 1, 1 led by 2, both replicated on 1 and 2; logs: 0 led by 2; __consumer_offsets led by 1.
    private let metadata = MetadataResponse(
        brokers: [.init(nodeId: 1, host: "b1", port: 9092), .init(nodeId: 2, host: "b2", port: 9092)],
        topics: [
            .init(name: "orders", partitions: [
                .init(partitionIndex: 0, leaderId: 1, replicaNodes: [1, 2], isrNodes: [1, 2]),
                .init(partitionIndex: 1, leaderId: 2, replicaNodes: [2, 1], isrNodes: [2, 1]),
            ]),
            .init(name: "logs", partitions: [.init(partitionIndex: 0, leaderId: 2, replicaNodes: [2], isrNodes: [2])]),
            .init(name: "__consumer_offsets", isInternal: true, partitions: [.init(partitionIndex: 0, leaderId: 1)]),
            .init(errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue, name: "secret"),
        ]
    )

    func testEachBrokerIsAskedForThePartitionsItLeadsOfTheTopicsSampled() {
        let led = UpstreamStorageTally.partitionsLed(metadata)
        XCTAssertEqual(led, [1: ["orders": [0]], 2: ["orders": [1], "logs": [0]]])
    }

    func testOnlyTheLeadersCopyCountsSoReplicationDoesNotMultiplyTheBytes() {
        let sizes: [Int32: [Partition: Int64]] = [
            1: [Partition(topic: "orders", partition: 0): 1_000, Partition(topic: "orders", partition: 1): 900],
            2: [Partition(topic: "orders", partition: 0): 990, Partition(topic: "orders", partition: 1): 950,
                Partition(topic: "logs", partition: 0): 7],
        ]
        let storage = UpstreamStorageTally.storage(metadata, sizes: sizes)
        XCTAssertEqual(storage.topics, [
            UpstreamTopicStorage(topic: "logs", partitions: 1, bytes: 7),
            UpstreamTopicStorage(topic: "orders", partitions: 2, bytes: 1_950),
        ])
        XCTAssertEqual(storage.incomplete, [])
    }

    func testATopicWhoseLeaderDidNotAnswerIsLeftOutNotUndercounted() {
        let sizes: [Int32: [Partition: Int64]] = [1: [Partition(topic: "orders", partition: 0): 1_000]]
        let storage = UpstreamStorageTally.storage(metadata, sizes: sizes)
        XCTAssertEqual(storage.topics, [])
        XCTAssertEqual(storage.incomplete, ["logs", "orders"])
    }

    func testAPartitionWithoutALeaderCountsWithNoBytes() {
        let metadata = MetadataResponse(topics: [
            .init(name: "orders", partitions: [
                .init(partitionIndex: 0, leaderId: 1),
                .init(errorCode: KafkaErrorCode.leaderNotAvailable.rawValue, partitionIndex: 1, leaderId: -1),
            ]),
        ])
        let storage = UpstreamStorageTally.storage(metadata, sizes: [1: [Partition(topic: "orders", partition: 0): 40]])
        XCTAssertEqual(storage.topics, [UpstreamTopicStorage(topic: "orders", partitions: 2, bytes: 40)])
    }

    func testSizesComeFromHealthyDirectoriesAndCurrentReplicasOnly() {
        let response = DescribeLogDirsResponse(results: [
            .init(logDir: "/a", topics: [.init(name: "orders", partitions: [
                .init(partitionIndex: 0, partitionSize: 500),
                .init(partitionIndex: 1, partitionSize: 20, isFutureKey: true),
            ])]),
            .init(logDir: "/b", topics: [.init(name: "orders", partitions: [.init(partitionIndex: 1, partitionSize: 300)])]),
            .init(errorCode: KafkaErrorCode.kafkaStorageError.rawValue, logDir: "/broken", topics: [
                .init(name: "orders", partitions: [.init(partitionIndex: 2, partitionSize: 1)]),
            ]),
        ])
        XCTAssertEqual(UpstreamStorageTally.sizes(in: response), [
            Partition(topic: "orders", partition: 0): 500,
            Partition(topic: "orders", partition: 1): 300,
        ])
    }
}
