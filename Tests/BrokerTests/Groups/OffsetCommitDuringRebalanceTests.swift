@testable import Broker
import KafkaProtocol
import XCTest

/// Kafka's rule for commits by members of a classic group: accepted while
/// Stable and while PreparingRebalance (clients commit on revocation, before
/// they rejoin), refused with REBALANCE_IN_PROGRESS while CompletingRebalance,
/// and refused with ILLEGAL_GENERATION once the generation has moved on.
final class OffsetCommitDuringRebalanceTests: XCTestCase {
    func testMembersCommitWhileTheGroupPreparesARebalance() async throws {
        let coordinator = try makeCoordinator(self)
        let first = await coordinator.joinConsumer(group: "billing")
        XCTAssertEqual(first.generationId, 1)
        let beforeAssignment = await coordinator.commit(group: "billing", generation: 1, memberId: first.memberId, offset: 5)
        XCTAssertEqual(beforeAssignment, .rebalanceInProgress, "a commit before the assignment is known")
        _ = await coordinator.sync(SyncGroupRequest(groupId: "billing", generationId: 1, memberId: first.memberId,
                                                    assignments: [.init(memberId: first.memberId)]))
        let stable = await coordinator.commit(group: "billing", generation: 1, memberId: first.memberId, offset: 10)
        XCTAssertEqual(stable, .none)

        // A second member joins: the group waits for the first to rejoin.
        let second = Task { await coordinator.joinConsumer(group: "billing") }
        for _ in 0..<500 where await coordinator.state(of: "billing") != .preparingRebalance {
            try await Task.sleep(for: .milliseconds(10))
        }
        let preparing = await coordinator.state(of: "billing")
        XCTAssertEqual(preparing, .preparingRebalance)
        let onRevocation = await coordinator.commit(group: "billing", generation: 1, memberId: first.memberId, offset: 20)
        XCTAssertEqual(onRevocation, .none, "the commit a client makes as its partitions are revoked")
        let afterRevocation = await coordinator.committedOrderOffset(group: "billing")
        XCTAssertEqual(afterRevocation, 20)

        let rejoined = await coordinator.joinConsumer(group: "billing", memberId: first.memberId)
        let joined = await second.value
        XCTAssertEqual([rejoined.generationId, joined.generationId], [2, 2])
        let completing = await coordinator.state(of: "billing")
        XCTAssertEqual(completing, .completingRebalance)
        let beforeSync = await coordinator.commit(group: "billing", generation: 2, memberId: first.memberId, offset: 30)
        XCTAssertEqual(beforeSync, .rebalanceInProgress)
        let staleGeneration = await coordinator.commit(group: "billing", generation: 1, memberId: first.memberId, offset: 30)
        XCTAssertEqual(staleGeneration, .illegalGeneration)
        let kept = await coordinator.committedOrderOffset(group: "billing")
        XCTAssertEqual(kept, 20, "a refused commit changed the offset")
    }
}
