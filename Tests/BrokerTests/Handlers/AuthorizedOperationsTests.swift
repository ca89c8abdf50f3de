@testable import Broker
import KafkaProtocol
import XCTest

/// KIP-430: asked for authorized operations, the broker (which authorizes
/// nothing itself) lists every operation of the resource type, as Kafka
/// without an authorizer does; not asked, it answers Int32.min.
final class AuthorizedOperationsTests: XCTestCase {
    /// Kafka's ACL operation codes as a set of bit positions.
    private func operations(_ field: Int32) -> Set<Int> {
        Set((0..<32).filter { field & (1 << $0) != 0 })
    }

    func testMetadataListsTopicAndClusterOperationsOnlyWhenAsked() async throws {
        let fixture = try await ClusterHandlersFixture.make(self)
        _ = try await fixture.topics.create(name: "orders", partitions: 1, configs: [:])
        let asked = await fixture.handlers.metadata(MetadataRequest(
            topics: [.init(name: "orders"), .init(name: "missing")],
            includeClusterAuthorizedOperations: true, includeTopicAuthorizedOperations: true
        ), version: 8, advertised: fixture.advertised)
        // READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS
        XCTAssertEqual(operations(asked.topics[0].topicAuthorizedOperations), [3, 4, 5, 6, 7, 8, 10, 11])
        XCTAssertEqual(asked.topics[1].topicAuthorizedOperations, Int32.min, "an unknown topic has no operations")
        // CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE
        XCTAssertEqual(operations(asked.clusterAuthorizedOperations), [5, 7, 8, 9, 10, 11, 12])

        let unasked = await fixture.handlers.metadata(MetadataRequest(topics: [.init(name: "orders")]), version: 8, advertised: fixture.advertised)
        XCTAssertEqual(unasked.topics[0].topicAuthorizedOperations, Int32.min)
        XCTAssertEqual(unasked.clusterAuthorizedOperations, Int32.min)
    }

    func testDescribeClusterListsClusterOperationsOnlyWhenAsked() async throws {
        let fixture = try await ClusterHandlersFixture.make(self)
        let asked = fixture.handlers.describeCluster(DescribeClusterRequest(includeClusterAuthorizedOperations: true), advertised: fixture.advertised)
        XCTAssertEqual(operations(asked.clusterAuthorizedOperations), [5, 7, 8, 9, 10, 11, 12])
        XCTAssertEqual(fixture.handlers.describeCluster(DescribeClusterRequest(), advertised: fixture.advertised).clusterAuthorizedOperations, Int32.min)
    }

    func testDescribeGroupsListsGroupOperationsOnlyWhenAsked() async throws {
        let coordinator = try makeCoordinator(self)
        let joined = await coordinator.joinConsumer(group: "billing")
        XCTAssertEqual(joined.errorCode, KafkaErrorCode.none.rawValue)

        let asked = await coordinator.describeGroups(DescribeGroupsRequest(groups: ["billing", "missing"], includeAuthorizedOperations: true))
        // READ, DELETE, DESCRIBE
        XCTAssertEqual(asked.groups.map { operations($0.authorizedOperations) }, [[3, 6, 8], [3, 6, 8]])
        XCTAssertEqual(asked.groups.map(\.groupState), ["CompletingRebalance", "Dead"])
        let unasked = await coordinator.describeGroups(DescribeGroupsRequest(groups: ["billing"]))
        XCTAssertEqual(unasked.groups.map(\.authorizedOperations), [Int32.min])
    }
}
