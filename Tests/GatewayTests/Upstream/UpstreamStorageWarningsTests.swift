@testable import Gateway
import XCTest

/// The storage sampler's log: a missing permission told once with the ACL to
/// grant, other failures at most once per window with the rounds held back,
/// and the first clean round after failures told once.
final class UpstreamStorageWarningsTests: XCTestCase {
    private let broker = UpstreamEndpoint(host: "b2", port: 9092)
    private let start = ContinuousClock.now

    func testAClusterAuthorizationFailureIsToldOnceNamingTheAcl() {
        var warnings = UpstreamStorageWarnings(principal: "User:gateway")
        let refused = [UpstreamStorageFailure.clusterAuthorizationFailed(node: 2, endpoint: broker)]
        let first = warnings.round(failures: refused, incomplete: [], at: start)
        XCTAssertEqual(first.count, 1)
        XCTAssertEqual(first.first?.level, .warning)
        XCTAssertTrue(first.first?.message.contains("CLUSTER_AUTHORIZATION_FAILED") == true, first.first?.message ?? "")
        XCTAssertTrue(first.first?.message.contains("--allow-principal User:gateway --operation Describe --cluster") == true, first.first?.message ?? "")
        XCTAssertEqual(first.first?.metadata["brokers"], "2")
        for round in 1...100 {
            XCTAssertEqual(warnings.round(failures: refused, incomplete: [], at: start + .seconds(30 * round)), [], "round \(round)")
        }
        // Granted: told so once; refused again later: told again.
        XCTAssertEqual(warnings.round(failures: [], incomplete: [], at: start + .seconds(4_000)).map(\.level), [.info])
        XCTAssertEqual(warnings.round(failures: [], incomplete: [], at: start + .seconds(4_030)), [])
        XCTAssertEqual(warnings.round(failures: refused, incomplete: [], at: start + .seconds(4_060)).count, 1)
    }

    func testWithoutAKnownPrincipalTheWarningSaysWhoseItIs() {
        var warnings = UpstreamStorageWarnings(principal: nil)
        let lines = warnings.round(failures: [.clusterAuthorizationFailed(node: 1, endpoint: broker)], incomplete: [], at: start)
        XCTAssertTrue(lines.first?.message.contains("the gateway's upstream principal") == true)
    }

    func testOtherFailuresAreLoggedAtMostOncePerWindowWithTheRoundsHeldBack() {
        var warnings = UpstreamStorageWarnings(principal: nil, window: .seconds(600))
        let down = [UpstreamStorageFailure.noMetadata("b1:9092: connection refused")]
        XCTAssertEqual(warnings.round(failures: down, incomplete: [], at: start).count, 1)
        for round in 1..<20 {
            XCTAssertEqual(warnings.round(failures: down, incomplete: [], at: start + .seconds(30 * round)), [])
        }
        let next = warnings.round(failures: down, incomplete: [], at: start + .seconds(600))
        XCTAssertEqual(next.first?.metadata["rounds_not_logged"], "19")
        XCTAssertTrue(next.first?.metadata["error"]?.contains("no bootstrap broker answered Metadata") == true)
        XCTAssertEqual(warnings.round(failures: [], incomplete: [], at: start + .seconds(630)).map(\.message), ["upstream storage sampled again"])
    }

    func testTopicsMissingFromALeadersAnswerAreNamed() {
        var warnings = UpstreamStorageWarnings(principal: nil)
        let lines = warnings.round(failures: [], incomplete: ["orders"], at: start)
        XCTAssertEqual(lines.first?.metadata["topics"], "orders")
    }
}
