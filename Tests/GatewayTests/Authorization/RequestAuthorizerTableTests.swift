import Authorization
import KafkaProtocol
import XCTest
@testable import Gateway

/// The table as a whole: a row for every API the gateway forwards, and none
/// for what it does not.
final class RequestAuthorizerTableTests: XCTestCase {
    func testEveryForwardedOrAdministeredApiHasARow() {
        let served = Set(ForwardedApis.maximumVersions.keys).union(PolicyAdministration.versions.keys)
        let missing = served.subtracting(RequestAuthorizer.rows.keys)
        XCTAssertEqual(missing.map(\.name).sorted(), [], "served without an authorization row")
    }

    func testEveryAdvertisedApiIsAnsweredLocallyOrHasARow() {
        let upstream = KafkaApiKey.allCases.map { ApiVersionsResponse.ApiVersion(apiKey: $0.rawValue, minVersion: 0, maxVersion: 100) }
        let advertised = Set(NegotiatedApis(upstream: upstream).versions.keys).subtracting(LocalApis.versions.keys)
        XCTAssertEqual(advertised.subtracting(RequestAuthorizer.rows.keys).map(\.name).sorted(), [])
    }

    func testChangingAclsNeedsAlterOnTheClusterAndReadingThemDescribe() {
        let create = KafkaRequestBody.createAcls(CreateAclsRequest(creations: [.init(resourceType: 2, resourceName: "orders")]))
        guard case .administer = AuthorizationFixture.verdict(create, version: 3, acls: [
            AuthorizationFixture.allow("alice", .alter, .cluster, "kafka-cluster"),
        ]).0 else { return XCTFail("Alter on the cluster did not allow CreateAcls") }
        let (refused, _) = AuthorizationFixture.verdict(create, version: 3, acls: [
            AuthorizationFixture.allow("alice", .describe, .cluster, "kafka-cluster"),
        ])
        guard case .answer(.createAcls(let response)) = refused else { return XCTFail("CreateAcls passed with Describe only") }
        XCTAssertEqual(response.results.map(\.errorCode), [KafkaErrorCode.clusterAuthorizationFailed.rawValue])
        guard case .administer = AuthorizationFixture.verdict(.describeAcls(DescribeAclsRequest()), version: 3, acls: [
            AuthorizationFixture.allow("alice", .describe, .cluster, "kafka-cluster"),
        ]).0 else { return XCTFail("Describe on the cluster did not allow DescribeAcls") }
    }

    func testAnApiWithoutARowIsRefusedWithoutReachingTheUpstream() {
        let (verdict, _) = AuthorizationFixture.verdict(
            .describeLogDirs(DescribeLogDirsRequest()), version: 1, acls: [AuthorizationFixture.allow("alice", .all, .cluster, "kafka-cluster")]
        )
        guard case .answer(.describeLogDirs(let response)) = verdict else { return XCTFail("not refused: \(verdict)") }
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
