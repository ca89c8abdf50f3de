import KafkaProtocol
import XCTest

/// What an authorizer learns from a request: every resource it names, by entity type.
final class ResourceReferenceTests: XCTestCase {
    func testProduceNamesItsTransactionAndTopics() {
        let produce = ProduceRequest(
            transactionalId: "tx-1",
            topicData: [.init(name: "orders"), .init(name: "payments")]
        )
        XCTAssertEqual(produce.resourceReferences(version: 9), [.transactionalId("tx-1"), .topicName("orders"), .topicName("payments")])
        // Produce v0-2 has no transactional id on the wire, so none is reported.
        XCTAssertEqual(produce.resourceReferences(version: 2), [.topicName("orders"), .topicName("payments")])
    }

    func testFetchNamesTopicsByIdFromVersionThirteen() {
        let id = KafkaUUID(mostSignificantBits: 1, leastSignificantBits: 2)
        let fetch = FetchRequest(topics: [.init(topic: "", topicId: id)])
        XCTAssertEqual(fetch.resourceReferences(version: 13), [.topicId(id)])
        XCTAssertEqual(FetchRequest(topics: [.init(topic: "logs")]).resourceReferences(version: 12), [.topicName("logs")])
    }

    func testGroupRequestsNameTheirGroup() {
        XCTAssertEqual(JoinGroupRequest(groupId: "billing").resourceReferences(version: 5), [.groupId("billing")])
        XCTAssertEqual(
            OffsetCommitRequest(groupId: "billing", topics: [.init(name: "orders")]).resourceReferences(version: 8),
            [.groupId("billing"), .topicName("orders")]
        )
    }

    func testRequestsWithoutResourcesNameNone() {
        XCTAssertEqual(ApiVersionsRequest().resourceReferences(version: 3), [])
    }
}
