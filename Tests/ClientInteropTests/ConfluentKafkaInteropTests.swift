import KafkaProtocol
import XCTest

/// confluent-kafka 2.16.1 (librdkafka 2.16).
final class ConfluentKafkaInteropTests: XCTestCase {
    func testConfluentKafkaProducesIdempotentlyOverSaslAndConsumesInAGroup() async throws {
        let script = ClientTools.script("confluent_kafka_client.py").path
        let session = try await InteropSession.run(
            client: "confluent-kafka",
            executable: try ClientTools.executable("python3"),
            arguments: { [script, $0] }
        )
        session.assertClientSucceeded()
        session.assertEveryRequestRoundTripped()
        session.assertSaw([
            .apiVersions, .metadata, .produce, .initProducerId, .saslHandshake, .saslAuthenticate,
            .findCoordinator, .joinGroup, .syncGroup, .heartbeat, .offsetFetch, .listOffsets, .fetch,
            .offsetCommit, .leaveGroup,
        ])

        let summary = try ClientSummary(standardOutput: session.outcome.standardOutput)
        XCTAssertEqual((summary["delivered"] as? [Any])?.count, 3, "\(summary.fields)")
        XCTAssertEqual((summary["idempotent_delivered"] as? [Any])?.count, 1, "\(summary.fields)")
        XCTAssertEqual(summary["consumed"] as? [String], CapturedCluster.servedValues)
        XCTAssertEqual(session.capture.producedValues.sorted(), ["ck-0", "ck-1", "ck-2", "ck-idempotent-0"])
    }
}
