import KafkaProtocol
import XCTest

/// kafka-python 2.3.3, once with negotiated versions and once pinned to
/// api_version=(0, 10, 1) for the old request versions (Produce v2, Fetch v3,
/// Metadata v2, JoinGroup v1 …).
final class KafkaPythonInteropTests: XCTestCase {
    func testKafkaPythonModernAndLegacyProduceAndConsumeInAGroup() async throws {
        let script = ClientTools.script("kafka_python_client.py").path
        let session = try await InteropSession.run(
            client: "kafka-python",
            executable: try ClientTools.executable("python3"),
            arguments: { [script, $0] }
        )
        session.assertClientSucceeded()
        session.assertEveryRequestRoundTripped()
        session.assertSaw([
            .apiVersions, .metadata, .produce, .saslHandshake, .saslAuthenticate,
            .findCoordinator, .joinGroup, .syncGroup, .heartbeat, .offsetFetch, .listOffsets, .fetch,
            .offsetCommit, .leaveGroup,
        ])

        // The legacy run's versions, those of a 0.10.1 broker.
        let versions = session.versionsSeen
        XCTAssertTrue(versions[.produce, default: []].contains(2), session.versionsSummary)
        XCTAssertTrue(versions[.fetch, default: []].contains(3), session.versionsSummary)
        XCTAssertTrue(versions[.metadata, default: []].contains(2), session.versionsSummary)
        XCTAssertTrue(versions[.joinGroup, default: []].contains(1), session.versionsSummary)

        let summary = try ClientSummary(standardOutput: session.outcome.standardOutput)
        for mode in ["modern", "legacy"] {
            XCTAssertEqual(summary[mode, "consumed"] as? [String], CapturedCluster.servedValues, "\(mode)")
            XCTAssertEqual((summary[mode, "offsets"] as? [Any])?.count, 3, "\(mode)")
            XCTAssertEqual(summary[mode, "committed"] as? Int, CapturedCluster.servedValues.count, "\(mode): committed offset read back")
        }
        XCTAssertEqual(session.capture.producedValues, ["kp-modern-0", "kp-modern-1", "kp-modern-2"])
        XCTAssertEqual(session.capture.legacyProducedMessages, 3)
    }
}
