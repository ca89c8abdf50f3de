import KafkaProtocol
import XCTest

/// kcat 1.7.1 with librdkafka 2.0.2, as Debian ships it.
final class KcatInteropTests: XCTestCase {
    private func runKcat(_ arguments: [String] = [], apiVersionsMaxVersion: Int16? = nil) async throws -> InteropSession {
        _ = try ClientTools.executable("kcat")
        let script = ClientTools.script("kcat.sh").path
        return try await InteropSession.run(
            client: "kcat",
            executable: try ClientTools.executable("bash"),
            arguments: { [script, $0] + arguments },
            apiVersionsMaxVersion: apiVersionsMaxVersion ?? KafkaApiKey.apiVersions.validVersions.upperBound
        )
    }

    func testKcatProducesConsumesJoinsAGroupAndLogsIn() async throws {
        let session = try await runKcat()
        session.assertClientSucceeded()
        session.assertEveryRequestRoundTripped()
        session.assertSaw([
            .apiVersions, .metadata, .produce, .initProducerId, .listOffsets, .fetch,
            .findCoordinator, .joinGroup, .syncGroup, .offsetFetch, .leaveGroup,
            .saslHandshake, .saslAuthenticate,
        ])

        let output = session.outcome.standardOutput
        XCTAssertTrue(output.contains("topic \"captured\" with 1 partitions"), output)
        for value in CapturedCluster.servedValues {
            XCTAssertTrue(output.contains("consumed \(value)\n"), "kcat -C did not print \(value):\n\(output)")
            XCTAssertTrue(output.contains("grouped \(value)\n"), "kcat -G did not print \(value):\n\(output)")
        }
        XCTAssertEqual(session.capture.producedValues, ["kcat-0", "kcat-1", "kcat-2"])
    }

    /// librdkafka asks for ApiVersions v3 first. A broker that knows only up
    /// to v2 answers in v0 with UNSUPPORTED_VERSION, and the client retries
    /// with a version the broker knows. (librdkafka 2.0.2 reads that v0 body
    /// as flexible, finds no version list in it, and retries with v0: what
    /// it does against Apache Kafka too.)
    func testKcatFallsBackWhenApiVersionsVersionIsUnsupported() async throws {
        let session = try await runKcat(["metadata"], apiVersionsMaxVersion: 2)
        session.assertClientSucceeded()
        session.assertEveryRequestRoundTripped()
        let versions = session.capture.requests.filter { $0.api == .apiVersions }.map(\.apiVersion)
        XCTAssertGreaterThan(versions.first ?? 0, 2, "the first ApiVersions should be above the cap: \(versions)")
        XCTAssertGreaterThanOrEqual(versions.count, 2, "kcat never retried ApiVersions: \(versions)")
        XCTAssertTrue(versions.dropFirst().allSatisfy { $0 <= 2 }, "kcat retried above the cap: \(versions)")
        XCTAssertTrue(session.capture.requests.contains { $0.api == .metadata }, session.versionsSummary)
        XCTAssertTrue(session.outcome.standardOutput.contains("topic \"captured\""), "\(session.outcome)")
    }
}
