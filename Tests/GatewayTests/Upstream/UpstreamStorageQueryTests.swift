@testable import Gateway
import KafkaProtocol
import Synchronization
import XCTest

/// The storage query against stand-in brokers over real connections: two
/// brokers replicating one topic, each asked for what it leads; a broker
/// that refuses DescribeLogDirs for want of DESCRIBE on the cluster.
final class UpstreamStorageQueryTests: XCTestCase {
    /// Node ids to ports, known once both stand-ins are bound.
    private final class Ports: Sendable {
        let byNode = Mutex<[Int32: Int]>([:])
    }

    /// orders: partition 0 led by node 1, partition 1 by node 2, each replicated on both;
    /// __consumer_offsets (internal) led by node 1.
    private static func metadata(_ ports: [Int32: Int]) -> MetadataResponse {
        MetadataResponse(
            brokers: ports.sorted { $0.key < $1.key }.map { .init(nodeId: $0.key, host: "127.0.0.1", port: Int32($0.value)) },
            topics: [
                .init(name: "orders", partitions: [
                    .init(partitionIndex: 0, leaderId: 1, replicaNodes: [1, 2], isrNodes: [1, 2]),
                    .init(partitionIndex: 1, leaderId: 2, replicaNodes: [2, 1], isrNodes: [2, 1]),
                ]),
                .init(name: "__consumer_offsets", isInternal: true, partitions: [.init(partitionIndex: 0, leaderId: 1, replicaNodes: [1])]),
            ]
        )
    }

    /// A broker that answers ApiVersions (with DescribeLogDirs up to `logDirsVersion`), Metadata, and DescribeLogDirs with `logDirs`.
    private static func broker(
        ports: Ports, logDirsVersion: Int16 = 4, logDirs: @escaping @Sendable () -> DescribeLogDirsResponse
    ) async throws -> CannedUpstream {
        try await CannedUpstream { request in
            switch request.body {
            case .apiVersions:
                .apiVersions(ApiVersionsResponse(apiKeys: [
                    .init(apiKey: KafkaApiKey.metadata.rawValue, minVersion: 0, maxVersion: 12),
                    .init(apiKey: KafkaApiKey.apiVersions.rawValue, minVersion: 0, maxVersion: 3),
                    .init(apiKey: KafkaApiKey.describeLogDirs.rawValue, minVersion: 0, maxVersion: logDirsVersion),
                ]))
            case .metadata: .metadata(Self.metadata(ports.byNode.withLock { $0 }))
            case .describeLogDirs: .describeLogDirs(logDirs())
            default: KafkaResponseBody.refusal(apiKey: request.apiKey, errorCode: KafkaErrorCode.unsupportedVersion.rawValue)
            }
        }
    }

    private static func directory(_ sizes: [(topic: String, partition: Int32, bytes: Int64)]) -> DescribeLogDirsResponse.DescribeLogDirsResult {
        let topics = Dictionary(grouping: sizes, by: \.topic).sorted { $0.key < $1.key }.map { topic, sizes in
            DescribeLogDirsResponse.DescribeLogDirsTopic(name: topic, partitions: sizes.map {
                DescribeLogDirsResponse.DescribeLogDirsPartition(partitionIndex: $0.partition, partitionSize: $0.bytes)
            })
        }
        return .init(logDir: "/var/kafka", topics: topics)
    }

    func testEachPartitionCountsOnceAtItsLeadersSizeAndInternalTopicsAreLeftOut() async throws {
        let ports = Ports()
        // Each broker holds both partitions (replication factor 2); the follower's copy lags.
        let one = try await Self.broker(ports: ports) {
            DescribeLogDirsResponse(results: [Self.directory([("orders", 0, 1_000), ("orders", 1, 900), ("__consumer_offsets", 0, 70)])])
        }
        let two = try await Self.broker(ports: ports) {
            DescribeLogDirsResponse(results: [Self.directory([("orders", 0, 990), ("orders", 1, 950)])])
        }
        ports.byNode.withLock { $0 = [1: one.endpoint.port, 2: two.endpoint.port] }

        let query = UpstreamStorageQuery(bootstrap: [one.endpoint], connector: try UpstreamConnector(security: UpstreamSecurity()))
        let answer = try await query.ask()
        XCTAssertEqual(answer.topics, [UpstreamTopicStorage(topic: "orders", partitions: 2, bytes: 1_950)])
        XCTAssertEqual(answer.failures, [])
        XCTAssertEqual(answer.incomplete, [])

        // Each broker was asked, at the highest version both know, for the partitions it leads only.
        let askedOne = one.requests.compactMap { if case .describeLogDirs(let body) = $0.body { ($0.apiVersion, body) } else { nil } }
        let askedTwo = two.requests.compactMap { if case .describeLogDirs(let body) = $0.body { ($0.apiVersion, body) } else { nil } }
        XCTAssertEqual(askedOne.map(\.0), [4])
        typealias Asked = DescribeLogDirsRequest.DescribableLogDirTopic
        XCTAssertEqual(askedOne.first?.1.topics, [Asked(topic: "orders", partitions: [0])])
        XCTAssertEqual(askedTwo.first?.1.topics, [Asked(topic: "orders", partitions: [1])])
        // Metadata asked for every topic (null), of the bootstrap broker only.
        let metadataRequests = one.requests.compactMap { if case .metadata(let body) = $0.body { body } else { nil } }
        XCTAssertEqual(metadataRequests.map(\.topics), [nil])
        XCTAssertFalse(two.requests.contains { $0.apiKey == .metadata })
        try await one.close()
        try await two.close()
    }

    func testClusterAuthorizationFailedIsItsOwnFailureAndItsTopicsAreNotSampled() async throws {
        let ports = Ports()
        let one = try await Self.broker(ports: ports) {
            DescribeLogDirsResponse(results: [Self.directory([("orders", 0, 1_000)])])
        }
        let two = try await Self.broker(ports: ports) {
            DescribeLogDirsResponse(errorCode: KafkaErrorCode.clusterAuthorizationFailed.rawValue)
        }
        // Before v3 a refusal is an answer without any log directory.
        let old = try await Self.broker(ports: ports, logDirsVersion: 2) { DescribeLogDirsResponse() }
        let connector = try UpstreamConnector(security: UpstreamSecurity())

        for refusing in [two, old] {
            ports.byNode.withLock { $0 = [1: one.endpoint.port, 2: refusing.endpoint.port] }
            let answer = try await UpstreamStorageQuery(bootstrap: [one.endpoint], connector: connector).ask()
            XCTAssertEqual(answer.topics, [], "orders has a partition led by the broker that refused")
            XCTAssertEqual(answer.failures, [.clusterAuthorizationFailed(node: 2, endpoint: refusing.endpoint)])
            XCTAssertEqual(answer.incomplete, [])
        }
        for broker in [one, two, old] { try await broker.close() }
    }

    func testNoBootstrapBrokerAnsweringFailsTheRound() async throws {
        let closed = try await CannedUpstream { _ in .apiVersions(ApiVersionsResponse()) }
        let endpoint = closed.endpoint
        try await closed.close()
        let query = UpstreamStorageQuery(bootstrap: [endpoint], connector: try UpstreamConnector(security: UpstreamSecurity()))
        do throws(UpstreamStorageFailure) {
            _ = try await query.ask()
            XCTFail("answered without an upstream")
        } catch {
            guard case .noMetadata(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("\(endpoint)"), reason)
        }
    }
}
