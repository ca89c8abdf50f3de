import KafkaProtocol
import XCTest

/// aiokafka 0.14.0.
final class AiokafkaInteropTests: XCTestCase {
    func testAiokafkaProducesAndConsumesInAGroup() async throws {
        let script = ClientTools.script("aiokafka_client.py").path
        let session = try await InteropSession.run(
            client: "aiokafka",
            executable: try ClientTools.executable("python3"),
            arguments: { [script, $0] }
        )
        session.assertClientSucceeded()
        session.assertEveryRequestRoundTripped()
        session.assertSaw([
            .apiVersions, .metadata, .produce, .findCoordinator, .joinGroup, .syncGroup, .heartbeat,
            .offsetFetch, .listOffsets, .fetch, .offsetCommit, .leaveGroup,
        ])

        let summary = try ClientSummary(standardOutput: session.outcome.standardOutput)
        XCTAssertEqual(summary["consumed"] as? [String], CapturedCluster.servedValues)
        XCTAssertEqual(session.capture.producedValues, ["aio-0", "aio-1", "aio-2"])
    }
}
