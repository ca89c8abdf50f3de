import Authorization
import KafkaProtocol
import XCTest
@testable import Gateway

/// The table as a whole: a row for every API the gateway forwards, and none
/// for what it does not.
final class RequestAuthorizerTableTests: XCTestCase {
    func testEveryForwardedApiHasARow() {
        let missing = Set(ForwardedApis.maximumVersions.keys).subtracting(RequestAuthorizer.rows.keys)
        XCTAssertEqual(missing.map(\.name).sorted(), [], "forwarded without an authorization row")
    }

    func testAnApiWithoutARowIsRefusedWithoutReachingTheUpstream() {
        let (verdict, _) = AuthorizationFixture.verdict(
            .describeAcls(DescribeAclsRequest()), version: 1, acls: [AuthorizationFixture.allow("alice", .all, .cluster, "kafka-cluster")]
        )
        guard case .answer(.describeAcls(let response)) = verdict else { return XCTFail("not refused: \(verdict)") }
        XCTAssertEqual(response.errorCode, KafkaErrorCode.clusterAuthorizationFailed.rawValue)
    }

    func testSuperUserNeedsNoAcl() {
        var authorizer = RequestAuthorizer(
            access: RequestAccess(authorizer: AuthorizationFixture.authorizer([], superUsers: ["root"]), user: "root",
                                  host: AuthorizationFixture.client),
            topicNames: TopicNames()
        )
        let header = RequestHeader(requestApiKey: KafkaApiKey.deleteTopics.rawValue, requestApiVersion: 5, correlationId: 1, clientId: "t")
        let verdict = authorizer.authorize(KafkaRequestFrame(header: header, body: .deleteTopics(DeleteTopicsRequest(topicNames: ["orders"]))))
        guard case .forward(nil, nil) = verdict else { return XCTFail("a super user's request was changed: \(verdict)") }
        XCTAssertEqual(authorizer.access.decisions.map(\.reason), [.superUser])
    }
}
