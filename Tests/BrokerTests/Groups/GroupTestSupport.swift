@testable import Broker
import Foundation
import KafkaProtocol
import Logging
import XCTest

/// A group coordinator whose store lives in a fresh directory, removed when the test ends.
func makeCoordinator(_ test: XCTestCase) throws -> GroupCoordinator {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portcullis-groups-\(UUID())")
    test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    return GroupCoordinator(settings: .init(), store: try GroupStore(directory: directory), logger: Logger(label: "test"))
}

extension GroupCoordinator {
    /// JoinGroup v3 (no KIP-394 round trip) for a consumer offering the range assignor.
    func joinConsumer(group: String, memberId: String = "") async -> JoinGroupResponse {
        await join(JoinGroupRequest(
            groupId: group, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: memberId,
            protocolType: "consumer", protocols: [.init(name: "range")]
        ), version: 3, clientId: "client", clientHost: "/127.0.0.1")
    }

    /// An OffsetCommit of one offset for partition 0 of `orders`; returns its error code.
    func commit(group: String, generation: Int32, memberId: String, offset: Int64) -> KafkaErrorCode {
        let response = commitOffsets(OffsetCommitRequest(
            groupId: group, generationIdOrMemberEpoch: generation, memberId: memberId,
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, committedOffset: offset)])]
        ), now: 0)
        return KafkaErrorCode(rawValue: response.topics[0].partitions[0].errorCode)
    }

    /// The committed offset of partition 0 of `orders`, if any.
    func committedOrderOffset(group: String) -> Int64? {
        committedOffsets(groupId: group, topics: [("orders", [0])])[0].partitions[0].1?.offset
    }

    func state(of group: String) -> ConsumerGroup.State? { groups[group]?.state }
}
