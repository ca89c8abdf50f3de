import Authorization
import KafkaProtocol
import XCTest
@testable import Gateway

final class GroupAndConfigAuthorizationTests: XCTestCase {
    private typealias F = AuthorizationFixture

    func testOffsetCommitWithoutReadOnTheGroupIsAGroupError() {
        let commit = KafkaRequestBody.offsetCommit(OffsetCommitRequest(groupId: "billing", topics: [
            .init(name: "orders", partitions: [.init(partitionIndex: 0, committedOffset: 5)]),
        ]))
        let (verdict, _) = F.verdict(commit, version: 8, acls: [F.allow("alice", .read, .topic, "orders")])
        guard case .answer(.offsetCommit(let response)) = verdict else { return XCTFail("reached the upstream: \(verdict)") }
        XCTAssertEqual(response.topics.first?.partitions.first?.errorCode, KafkaErrorCode.groupAuthorizationFailed.rawValue)
    }

    func testJoinGroupNeedsReadOnTheGroup() {
        let join = KafkaRequestBody.joinGroup(JoinGroupRequest(groupId: "billing", protocolType: "consumer"))
        guard case .answer = F.verdict(join, version: 7, acls: []).0 else { return XCTFail("joined without an ACL") }
        guard case .forward(nil, nil) = F.verdict(join, version: 7, acls: [F.allow("alice", .read, .group, "bill", .prefixed)]).0 else {
            return XCTFail("a prefixed group ACL did not allow joining")
        }
    }

    func testDescribeGroupsAnswersEachGroupAndComputesItsOperations() {
        let describe = KafkaRequestBody.describeGroups(DescribeGroupsRequest(groups: ["billing", "secret"], includeAuthorizedOperations: true))
        let (verdict, _) = F.verdict(describe, version: 5, acls: [F.allow("alice", .read, .group, "billing")])
        guard case .forward(.describeGroups(let forwarded)?, let amendment?) = verdict else { return XCTFail("not narrowed: \(verdict)") }
        XCTAssertEqual(forwarded.groups, ["billing"])
        var upstream = KafkaResponseBody.describeGroups(DescribeGroupsResponse(groups: [.init(groupId: "billing", authorizedOperations: -1)]))
        _ = amendment.apply(&upstream)
        guard case .describeGroups(let merged) = upstream else { return XCTFail("not a DescribeGroups response") }
        XCTAssertEqual(merged.groups.map(\.groupId), ["billing", "secret"])
        XCTAssertEqual(merged.groups.map(\.errorCode), [0, KafkaErrorCode.groupAuthorizationFailed.rawValue])
        XCTAssertEqual(merged.groups[0].authorizedOperations, 1 << 3 | 1 << 8)
    }

    func testBrokerConfigsAreTheClustersAndTopicConfigsTheTopics() {
        let describe = KafkaRequestBody.describeConfigs(DescribeConfigsRequest(resources: [
            .init(resourceType: 4, resourceName: "1"), .init(resourceType: 2, resourceName: "orders"),
        ]))
        let (verdict, _) = F.verdict(describe, version: 4, acls: [F.allow("alice", .alterConfigs, .topic, "orders")])
        guard case .forward(.describeConfigs(let forwarded)?, let amendment?) = verdict else { return XCTFail("not narrowed: \(verdict)") }
        XCTAssertEqual(forwarded.resources.map(\.resourceName), ["orders"], "AlterConfigs implies DescribeConfigs")
        var upstream = KafkaResponseBody.describeConfigs(DescribeConfigsResponse(results: [.init(resourceType: 2, resourceName: "orders")]))
        _ = amendment.apply(&upstream)
        guard case .describeConfigs(let merged) = upstream else { return XCTFail("not a DescribeConfigs response") }
        XCTAssertEqual(merged.results.map(\.errorCode), [0, KafkaErrorCode.clusterAuthorizationFailed.rawValue])
    }

    func testInitProducerIdForATransactionNeedsWriteOnTheTransactionalId() {
        let initialize = KafkaRequestBody.initProducerId(InitProducerIdRequest(transactionalId: "tx-1", transactionTimeoutMs: 1000))
        let (verdict, _) = F.verdict(initialize, version: 4, acls: [F.allow("alice", .write, .topic, "*")])
        guard case .answer(.initProducerId(let response)) = verdict else { return XCTFail("reached the upstream: \(verdict)") }
        XCTAssertEqual(response.errorCode, KafkaErrorCode.transactionalIdAuthorizationFailed.rawValue)
    }

    func testNetworkRuleDeniesEvenASuperUser() throws {
        let rule = NetworkRule(topicName: "orders", block: try CIDRBlock("192.168.0.0/16"))
        var authorizer = RequestAuthorizer(
            access: RequestAccess(authorizer: F.authorizer([], rules: [rule], superUsers: ["root"]), user: "root", host: F.client),
            topicNames: TopicNames()
        )
        let header = RequestHeader(requestApiKey: KafkaApiKey.produce.rawValue, requestApiVersion: 9, correlationId: 1, clientId: "t")
        let verdict = authorizer.authorize(KafkaRequestFrame(header: header, body: F.produce(["orders"])))
        guard case .answer = verdict else { return XCTFail("a super user outside the rule's block produced") }
        XCTAssertEqual(authorizer.access.decisions.first?.reason.machineName, "network-rule")
    }
}
