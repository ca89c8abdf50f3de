import Authorization
import KafkaProtocol
import XCTest
@testable import Gateway

final class FetchAndMetadataAuthorizationTests: XCTestCase {
    private typealias F = AuthorizationFixture
    private let ordersId = KafkaUUID(mostSignificantBits: 1, leastSignificantBits: 2)
    private let paymentsId = KafkaUUID(mostSignificantBits: 3, leastSignificantBits: 4)

    private func learned() -> TopicNames {
        let names = TopicNames()
        names.learn(from: MetadataResponse(topics: [
            .init(name: "orders", topicId: ordersId), .init(name: "payments", topicId: paymentsId),
        ]))
        return names
    }

    private func fetch(_ ids: [KafkaUUID], epoch: Int32 = 0) -> KafkaRequestBody {
        .fetch(FetchRequest(replicaId: -1, sessionEpoch: epoch, topics: ids.map { .init(topicId: $0, partitions: [.init(partition: 0)]) }))
    }

    func testFetchByTopicIdIsAuthorizedByTheNameTheGatewayLearned() {
        let (verdict, decisions) = F.verdict(fetch([ordersId, paymentsId]), version: 13, acls: [F.allow("alice", .read, .topic, "orders")],
                                             topicNames: learned())
        guard case .forward(.fetch(let forwarded)?, let amendment?) = verdict else { return XCTFail("not narrowed: \(verdict)") }
        XCTAssertEqual(forwarded.topics.map(\.topicId), [ordersId])
        XCTAssertEqual(decisions.map(\.resource.name), ["orders", "payments"])
        var upstream = KafkaResponseBody.fetch(FetchResponse(responses: [.init(topicId: ordersId, partitions: [.init(partitionIndex: 0)])]))
        _ = amendment.apply(&upstream)
        guard case .fetch(let merged) = upstream else { return XCTFail("not a Fetch response") }
        XCTAssertEqual(merged.errorCode, 0)
        XCTAssertEqual(merged.responses.map(\.topicId), [ordersId, paymentsId])
        XCTAssertEqual(merged.responses.last?.partitions.first?.errorCode, KafkaErrorCode.topicAuthorizationFailed.rawValue)
    }

    func testFetchOfATopicIdNeverSeenIsLookedUpFirstThenUnknownTopicIdNotForwarded() {
        let (lookup, decisions) = F.verdict(fetch([ordersId]), version: 13, acls: [F.allow("alice", .read, .topic, "*")])
        guard case .resolveTopicIds(let ids) = lookup else { return XCTFail("not looked up: \(lookup)") }
        XCTAssertEqual(ids, [ordersId])
        XCTAssertEqual(decisions, [], "a pass that waits for names decides nothing")
        let (verdict, _) = F.verdict(fetch([ordersId]), version: 13, acls: [F.allow("alice", .read, .topic, "*")], resolvesUnknownIds: false)
        guard case .answer(.fetch(let response)) = verdict else { return XCTFail("an unresolved id reached the upstream: \(verdict)") }
        XCTAssertEqual(response.responses.first?.partitions.first?.errorCode, KafkaErrorCode.unknownTopicId.rawValue)
    }

    func testFetchOpensNoSessionTheGatewayCouldNotFollow() {
        let (verdict, _) = F.verdict(fetch([ordersId], epoch: 0), version: 13, acls: [F.allow("alice", .read, .topic, "orders")],
                                     topicNames: learned())
        guard case .forward(.fetch(let forwarded)?, nil) = verdict else { return XCTFail("not rewritten: \(verdict)") }
        XCTAssertEqual(forwarded.sessionEpoch, -1)
        let (incremental, _) = F.verdict(.fetch(FetchRequest(sessionId: 5, sessionEpoch: 2)), version: 13,
                                         acls: [F.allow("alice", .read, .topic, "orders")])
        guard case .answer(.fetch(let refused)) = incremental else { return XCTFail("an incremental fetch reached the upstream") }
        XCTAssertEqual(refused.errorCode, KafkaErrorCode.fetchSessionIdNotFound.rawValue)
    }

    func testReplicaFetchNeedsClusterAction() {
        let (verdict, _) = F.verdict(.fetch(FetchRequest(replicaId: 1, topics: [.init(topic: "orders", partitions: [.init(partition: 0)])])),
                                     version: 11, acls: [F.allow("alice", .read, .topic, "orders")])
        guard case .answer = verdict else { return XCTFail("a replica fetch passed on topic Read") }
    }

    func testMetadataForAllTopicsShowsOnlyDescribableOnesWithThePrincipalsOperations() {
        let (verdict, _) = F.verdict(.metadata(MetadataRequest(topics: nil, includeTopicAuthorizedOperations: true)), version: 12,
                                     acls: [F.allow("alice", .read, .topic, "orders")])
        guard case .forward(nil, let amendment?) = verdict else { return XCTFail("expected an amended listing: \(verdict)") }
        var upstream = KafkaResponseBody.metadata(MetadataResponse(topics: [
            .init(name: "orders", topicId: ordersId, topicAuthorizedOperations: -1),
            .init(name: "payments", topicId: paymentsId, topicAuthorizedOperations: -1),
        ], clusterAuthorizedOperations: -1))
        let decisions = amendment.apply(&upstream)
        guard case .metadata(let filtered) = upstream else { return XCTFail("not a Metadata response") }
        XCTAssertEqual(filtered.topics.compactMap(\.name), ["orders"])
        XCTAssertEqual(filtered.topics[0].topicAuthorizedOperations, 1 << 3 | 1 << 8, "Read, and Describe which Read implies")
        XCTAssertEqual(filtered.clusterAuthorizedOperations, Int32.min, "not asked for")
        XCTAssertFalse(decisions.contains { !$0.allowed }, "topics left out of a listing are not denials")
    }

    func testMetadataForANamedTopicThePrincipalMayNotDescribeIsAnAuthorizationError() {
        let (verdict, _) = F.verdict(.metadata(MetadataRequest(topics: [.init(name: "orders"), .init(name: "payments")],
                                                               allowAutoTopicCreation: false)),
                                     version: 12, acls: [F.allow("alice", .describe, .topic, "orders")])
        guard case .forward(.metadata(let forwarded)?, let amendment?) = verdict else { return XCTFail("not narrowed: \(verdict)") }
        XCTAssertEqual(forwarded.topics?.compactMap(\.name), ["orders"])
        var upstream = KafkaResponseBody.metadata(MetadataResponse(topics: [.init(name: "orders", topicId: ordersId)]))
        _ = amendment.apply(&upstream)
        guard case .metadata(let merged) = upstream else { return XCTFail("not a Metadata response") }
        XCTAssertEqual(merged.topics.map(\.errorCode), [0, KafkaErrorCode.topicAuthorizationFailed.rawValue])
    }

    func testOldMetadataThatWouldAutoCreateGoesUpstreamAsV4WithoutAutoCreation() {
        let request = KafkaRequestBody.metadata(MetadataRequest(topics: [.init(name: "new-topic")]))
        let (verdict, _) = F.verdict(request, version: 1, acls: [F.allow("alice", .describe, .topic, "new-topic")])
        guard case .forwardAs(4, .metadata(let forwarded), _?) = verdict else { return XCTFail("not sent as v4: \(verdict)") }
        XCTAssertFalse(forwarded.allowAutoTopicCreation)
        let (creator, _) = F.verdict(request, version: 1, acls: [
            F.allow("alice", .describe, .topic, "new-topic"), F.allow("alice", .create, .cluster, "kafka-cluster"),
        ])
        guard case .forward(nil, _) = creator else { return XCTFail("a principal with Create lost its version: \(creator)") }
    }

    func testMetadataAutoCreationNeedsCreate() {
        let request = KafkaRequestBody.metadata(MetadataRequest(topics: [.init(name: "new-topic")], allowAutoTopicCreation: true))
        let (verdict, _) = F.verdict(request, version: 12, acls: [F.allow("alice", .describe, .topic, "new-topic")])
        guard case .forward(.metadata(let forwarded)?, let amendment?) = verdict else { return XCTFail("not changed: \(verdict)") }
        XCTAssertFalse(forwarded.allowAutoTopicCreation)
        var upstream = KafkaResponseBody.metadata(MetadataResponse(topics: [
            .init(errorCode: KafkaErrorCode.unknownTopicOrPartition.rawValue, name: "new-topic"),
        ]))
        _ = amendment.apply(&upstream)
        guard case .metadata(let answered) = upstream else { return XCTFail("not a Metadata response") }
        XCTAssertEqual(answered.topics.first?.errorCode, KafkaErrorCode.topicAuthorizationFailed.rawValue)
        let (creator, _) = F.verdict(request, version: 12, acls: [
            F.allow("alice", .describe, .topic, "new-topic"), F.allow("alice", .create, .topic, "new-", .prefixed),
        ])
        guard case .forward(nil, _) = creator else { return XCTFail("a principal with Create lost auto-creation: \(creator)") }
    }
}
