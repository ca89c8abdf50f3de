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

    func testChangingQuotasNeedsAlterConfigsOnTheClusterAndReadingThemDescribeConfigs() {
        let alter = KafkaRequestBody.alterClientQuotas(AlterClientQuotasRequest(entries: [
            .init(entity: [.init(entityType: "user", entityName: "bob")], ops: [.init(key: "producer_byte_rate", value: 1024)]),
        ]))
        guard case .administer = AuthorizationFixture.verdict(alter, version: 1, acls: [
            AuthorizationFixture.allow("alice", .alterConfigs, .cluster, "kafka-cluster"),
        ]).0 else { return XCTFail("AlterConfigs on the cluster did not allow AlterClientQuotas") }
        for operation: AclOperation in [.alter, .describeConfigs, .describe] {
            let (refused, _) = AuthorizationFixture.verdict(alter, version: 1, acls: [
                AuthorizationFixture.allow("alice", operation, .cluster, "kafka-cluster"),
            ])
            guard case .answer(.alterClientQuotas(let response)) = refused else {
                return XCTFail("AlterClientQuotas passed with \(operation) only")
            }
            XCTAssertEqual(response.entries.map(\.errorCode), [KafkaErrorCode.clusterAuthorizationFailed.rawValue])
            XCTAssertEqual(response.entries.map(\.entity), [[.init(entityType: "user", entityName: "bob")]])
        }
        let describe = KafkaRequestBody.describeClientQuotas(DescribeClientQuotasRequest())
        guard case .administer = AuthorizationFixture.verdict(describe, version: 1, acls: [
            AuthorizationFixture.allow("alice", .describeConfigs, .cluster, "kafka-cluster"),
        ]).0 else { return XCTFail("DescribeConfigs on the cluster did not allow DescribeClientQuotas") }
        let (refused, _) = AuthorizationFixture.verdict(describe, version: 1, acls: [
            AuthorizationFixture.allow("alice", .describe, .cluster, "kafka-cluster"),
        ])
        guard case .answer(.describeClientQuotas(let response)) = refused else { return XCTFail("DescribeClientQuotas passed with Describe") }
        XCTAssertEqual(response.errorCode, KafkaErrorCode.clusterAuthorizationFailed.rawValue)
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
