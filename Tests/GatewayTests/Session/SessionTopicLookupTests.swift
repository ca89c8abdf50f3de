import Authorization
import KafkaProtocol
import NIOCore
import XCTest
@testable import Gateway

/// A request naming a topic id the gateway has not seen waits while the
/// upstream is asked its name, then is decided by that name; what the
/// client sent after it waits too, and every answer comes in order.
final class SessionTopicLookupTests: XCTestCase {
    private let ordersId = KafkaUUID(mostSignificantBits: 7, leastSignificantBits: 9)

    private func driver() -> SessionDriver {
        var driver = SessionDriver.authenticated()
        driver.apis = NegotiatedApis(upstream: [
            .init(apiKey: KafkaApiKey.fetch.rawValue, minVersion: 4, maxVersion: 15),
            .init(apiKey: KafkaApiKey.metadata.rawValue, minVersion: 0, maxVersion: 12),
        ])
        return driver
    }

    private func fetch(_ correlationId: Int32) -> ByteBuffer {
        SessionFixture.frame(.fetch(FetchRequest(replicaId: -1, sessionEpoch: -1, topics: [
            .init(topicId: ordersId, partitions: [.init(partition: 0)]),
        ])), version: 13, correlationId: correlationId)
    }

    /// What the upstream's Metadata answer to the lookup says, as the handler would learn it.
    private func answerLookup(_ driver: inout SessionDriver, name: String?) {
        let names = driver.machine.topicNames
        let id = driver.upstreamID!
        driver.record(driver.machine.upstreamResponded(id, frame: SessionFixture.upstreamResponse(20)) { frame, forwarded in
            guard case .metadata(let question) = forwarded.request.body else {
                XCTFail("the lookup is not a Metadata request")
                return (frame, [])
            }
            XCTAssertEqual(question.topics?.map(\.topicId), [self.ordersId])
            XCTAssertFalse(question.allowAutoTopicCreation)
            if let name {
                names.learn(from: MetadataResponse(topics: [.init(name: name, topicId: self.ordersId)]))
            }
            return (frame, [])
        })
    }

    func testAnUnseenTopicIdIsLookedUpThenDecidedByItsName() {
        var driver = driver()
        driver.send(fetch(20))
        XCTAssertEqual(driver.forwarded.count, 1, "only the lookup goes upstream")
        XCTAssertFalse(driver.machine.isReading, "nothing may overtake the held request")
        answerLookup(&driver, name: "orders")
        XCTAssertTrue(driver.machine.isReading)
        XCTAssertEqual(driver.forwarded.count, 2, "the Fetch followed its lookup")
        XCTAssertTrue(driver.answeredCorrelationIds.filter { $0 == 20 }.isEmpty, "the lookup's answer reached the client")
        driver.record(driver.machine.upstreamResponded(driver.upstreamID!, frame: SessionFixture.upstreamResponse(20)) { frame, _ in (frame, []) })
        XCTAssertEqual(driver.answeredCorrelationIds.last, 20)
    }

    /// A policy change that lands while the request waits for its names decides it.
    func testAPolicyChangeDuringTheLookupDecidesTheHeldRequest() {
        var driver = driver()
        driver.send(fetch(20))
        driver.settings = AuthorizationSettings()  // no ACLs, and no longer open to everyone
        driver.changePolicy(driver.policy)
        answerLookup(&driver, name: "orders")
        XCTAssertEqual(driver.forwarded.count, 1, "the held Fetch went upstream under the policy it arrived with")
        XCTAssertEqual(driver.answeredCorrelationIds.last, 20)
        XCTAssertTrue(driver.machine.isReading)
    }

    func testAnIdTheUpstreamDoesNotKnowEitherIsAnsweredUnknownTopicId() {
        var driver = driver()
        driver.send(fetch(20))
        answerLookup(&driver, name: nil)
        XCTAssertEqual(driver.forwarded.count, 1, "an unresolved Fetch reached the upstream")
        XCTAssertEqual(driver.answeredCorrelationIds.last, 20)
    }

    func testAnUpstreamFailureDuringTheLookupAnswersTheHeldRequest() {
        var driver = driver()
        driver.send(fetch(20))
        driver.record(driver.machine.upstreamFailed(driver.upstreamID!, .disconnected, reason: "reset"))
        XCTAssertEqual(driver.answeredCorrelationIds.last, 20)
        XCTAssertTrue(driver.machine.isReading)
        XCTAssertFalse(driver.machine.isClosed)
    }
}
