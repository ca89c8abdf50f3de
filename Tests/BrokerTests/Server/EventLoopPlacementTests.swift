@testable import Broker
import KafkaProtocol
import NIOCore
import NIOPosix
import XCTest

/// A connection's requests run on its event loop, actors included; those
/// that may block on a metadata fsync leave it.
final class EventLoopPlacementTests: XCTestCase {
    private actor Probe {
        func onLoop(_ loop: any EventLoop) -> Bool { loop.inEventLoop }
    }

    func testATaskPreferringTheLoopRunsThereAndSoDoTheDefaultActorsItCalls() async {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let probe = Probe()
        let placed = await Task(executorPreference: EventLoopTaskExecutor(loop)) {
            let before = loop.inEventLoop
            let inActor = await probe.onLoop(loop)
            let off = await withTaskExecutorPreference(globalConcurrentExecutor) { loop.inEventLoop }
            return [before, inActor, off, loop.inEventLoop]
        }.value
        XCTAssertEqual(placed, [true, true, false, true])
        XCTAssertFalse(loop.inEventLoop)
    }

    func testRequestsThatMayFsyncMetadataLeaveTheLoop() {
        let stay: [KafkaRequestBody] = [
            .produce(ProduceRequest()), .fetch(FetchRequest()), .metadata(MetadataRequest()), .apiVersions(ApiVersionsRequest()),
            .heartbeat(HeartbeatRequest()), .offsetFetch(OffsetFetchRequest()),
        ]
        let leave: [KafkaRequestBody] = [
            .createTopics(CreateTopicsRequest()), .offsetCommit(OffsetCommitRequest()), .joinGroup(JoinGroupRequest()),
            .syncGroup(SyncGroupRequest()), .leaveGroup(LeaveGroupRequest()), .initProducerId(InitProducerIdRequest()),
        ]
        XCTAssertEqual(stay.filter { RequestPlacement.leavesTheEventLoop($0, autoCreateTopics: false) }.map(\.apiKey), [])
        XCTAssertEqual(leave.filter { !RequestPlacement.leavesTheEventLoop($0, autoCreateTopics: false) }.map(\.apiKey), [])
        XCTAssertTrue(RequestPlacement.leavesTheEventLoop(.produce(ProduceRequest()), autoCreateTopics: true), "it may create a topic")
        XCTAssertTrue(RequestPlacement.leavesTheEventLoop(.metadata(MetadataRequest()), autoCreateTopics: true), "it may create a topic")
    }
}
