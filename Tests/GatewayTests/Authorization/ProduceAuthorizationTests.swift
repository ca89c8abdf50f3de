import Authorization
import KafkaProtocol
import XCTest
@testable import Gateway

final class ProduceAuthorizationTests: XCTestCase {
    private typealias F = AuthorizationFixture

    func testPartlyAllowedProduceForwardsTheAllowedTopicAndAnswersTheOther() throws {
        let (verdict, decisions) = F.verdict(F.produce(["orders", "payments"]), version: 9, acls: [F.allow("alice", .write, .topic, "orders")])
        guard case .forward(.produce(let forwarded)?, let amendment?) = verdict else { return XCTFail("not narrowed: \(verdict)") }
        XCTAssertEqual(forwarded.topicData.map(\.name), ["orders"])
        var upstream = KafkaResponseBody.produce(ProduceResponse(responses: [
            .init(name: "orders", partitionResponses: [.init(index: 0, errorCode: 0, baseOffset: 41)]),
        ]))
        _ = amendment.apply(&upstream)
        guard case .produce(let merged) = upstream else { return XCTFail("not a Produce response") }
        XCTAssertEqual(merged.responses.map(\.name), ["orders", "payments"])
        XCTAssertEqual(merged.responses.map { $0.partitionResponses[0].errorCode }, [0, KafkaErrorCode.topicAuthorizationFailed.rawValue])
        XCTAssertEqual(decisions.map(\.allowed), [true, false])
    }

    func testProduceWithNothingAllowedIsAnsweredByTheGateway() {
        let (verdict, decisions) = F.verdict(F.produce(["payments"]), version: 9, acls: [F.allow("alice", .read, .topic, "payments")])
        guard case .answer(.produce(let response)) = verdict else { return XCTFail("reached the upstream: \(verdict)") }
        XCTAssertEqual(response.responses.map { $0.partitionResponses[0].errorCode }, [KafkaErrorCode.topicAuthorizationFailed.rawValue])
        XCTAssertEqual(decisions.first?.reason, .defaultDeny)
    }

    func testDenyOnATopicWinsOverAPrefixedAllow() {
        let (verdict, _) = F.verdict(F.produce(["orders-eu"]), version: 9, acls: [
            F.allow("alice", .write, .topic, "orders-", .prefixed), F.deny("alice", .write, .topic, "orders-eu"),
        ])
        guard case .answer = verdict else { return XCTFail("a denied topic reached the upstream: \(verdict)") }
    }

    /// CVE-2018-17196's class: transactional records in a request that names
    /// no transactional id must not pass on topic Write alone.
    func testTransactionalRecordsWithoutATransactionalIdAreRefused() {
        let crafted = F.produce(["orders"], transactionalId: nil, records: F.records(transactional: true, producerId: 7))
        let (verdict, _) = F.verdict(crafted, version: 9, acls: [F.allow("alice", .write, .topic, "orders")])
        guard case .answer(.produce(let response)) = verdict else { return XCTFail("the crafted Produce reached the upstream: \(verdict)") }
        XCTAssertEqual(response.responses.first?.partitionResponses.first?.errorCode, KafkaErrorCode.transactionalIdAuthorizationFailed.rawValue)
    }

    func testTransactionalRecordsNeedWriteOnTheTransactionalId() {
        let body = F.produce(["orders"], transactionalId: "tx-1", records: F.records(transactional: true, producerId: 7))
        let topicOnly = F.verdict(body, version: 9, acls: [F.allow("alice", .write, .topic, "orders")]).0
        guard case .answer = topicOnly else { return XCTFail("transactional produce passed without Write on the transactional id") }
        let both = F.verdict(body, version: 9, acls: [F.allow("alice", .write, .topic, "orders"), F.allow("alice", .write, .transactionalId, "tx-1")]).0
        guard case .forward(nil, nil) = both else { return XCTFail("allowed transactional produce was changed: \(both)") }
    }

    func testIdempotentRecordsPassWithTopicWriteAsKip679Allows() {
        let body = F.produce(["orders"], records: F.records(producerId: 7))
        guard case .forward(nil, nil) = F.verdict(body, version: 9, acls: [F.allow("alice", .write, .topic, "orders")]).0 else {
            return XCTFail("idempotent produce with topic Write was refused")
        }
    }

    func testRecordsThatAreNotWholeBatchesAreRefusedForTheirPartition() {
        var torn = F.records()
        torn.moveWriterIndex(to: torn.writerIndex - 3)
        let (verdict, _) = F.verdict(F.produce(["orders"], records: torn), version: 9, acls: [F.allow("alice", .write, .topic, "orders")])
        guard case .answer(.produce(let response)) = verdict else { return XCTFail("unreadable records reached the upstream: \(verdict)") }
        XCTAssertEqual(response.responses.first?.partitionResponses.first?.errorCode, KafkaErrorCode.invalidRecord.rawValue)
    }
}
