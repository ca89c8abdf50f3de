import Authorization
import KafkaProtocol
import NIOCore
import Observability
import XCTest
@testable import Gateway

/// What a connection counts, read back from the exposition: traffic by
/// topic and principal, decisions, authentications, durations, the
/// connection gauge and upstream errors, for requests driven through the
/// handler and answered by an upstream stand-in.
final class ConnectionMetricsTests: XCTestCase {
    private let listener = #"listener="SASL_PLAINTEXT""#

    func testProduceCountsItsRecordsFieldsAndTheRecordsTheirHeadersCount() throws {
        var connection = try MeteredConnection(level: .topic)
        try connection.authenticate()
        try connection.attachUpstream()
        let first = TrafficFixture.batch(records: 3), second = TrafficFixture.batch(records: 2)
        try connection.client.writeInbound(TrafficFixture.produce(10, topic: "orders", partitions: [first, second]))
        XCTAssertEqual(try connection.forwarded().count, 1)
        try connection.respond(SessionFixture.upstreamResponse(10))
        XCTAssertEqual(try connection.responses().count, 1)

        let bytes = Double(first.readableBytes + second.readableBytes)
        XCTAssertEqual(connection.value(#"portcullis_topic_bytes_in_total{topic="orders"}"#), bytes)
        XCTAssertEqual(connection.value(#"portcullis_topic_messages_in_total{topic="orders"}"#), 5)
        XCTAssertEqual(connection.value(#"portcullis_principal_bytes_in_total{principal="User:alice"}"#), bytes)
        XCTAssertEqual(connection.value(#"portcullis_authorization_decisions_total{api="Produce",decision="allow"}"#), 1)
        XCTAssertEqual(connection.value(#"portcullis_request_duration_seconds_count{api="Produce"}"#), 1)

        // acks=0: counted as traffic, but no response, so no duration.
        try connection.client.writeInbound(TrafficFixture.produce(11, topic: "orders", partitions: [first], acks: 0))
        XCTAssertEqual(connection.value(#"portcullis_topic_messages_in_total{topic="orders"}"#), 8)
        XCTAssertEqual(connection.value(#"portcullis_request_duration_seconds_count{api="Produce"}"#), 1)
    }

    func testFetchCountsTheRecordsReturnedWholeAndPassedThrough() throws {
        var connection = try MeteredConnection(level: .topic)
        try connection.authenticate()
        try connection.attachUpstream()
        let records = TrafficFixture.batch(records: 4)
        let size = Double(records.readableBytes)

        try connection.client.writeInbound(TrafficFixture.fetch(20, topic: "orders", version: 12))
        try connection.respond(TrafficFixture.fetchResponse(20, topic: "orders", records: [records, nil], version: 12))
        XCTAssertEqual(try connection.responses().count, 1, "a response that came in one read is written whole")
        XCTAssertEqual(connection.value(#"portcullis_topic_bytes_out_total{topic="orders"}"#), size)

        try connection.client.writeInbound(TrafficFixture.fetch(21, topic: "orders", version: 12))
        try connection.respond(TrafficFixture.fetchResponse(21, topic: "orders", records: [records], version: 12), parts: 3)
        XCTAssertEqual(try connection.responses().count, 3, "a response that spans reads passes through in parts")
        XCTAssertEqual(connection.value(#"portcullis_topic_bytes_out_total{topic="orders"}"#), 2 * size)
        XCTAssertEqual(connection.value(#"portcullis_principal_bytes_out_total{principal="User:alice"}"#), 2 * size)
        XCTAssertEqual(connection.value(#"portcullis_request_duration_seconds_count{api="Fetch"}"#), 2)
    }

    func testFetchByTopicIdIsCountedUnderTheTopicsName() throws {
        var connection = try MeteredConnection(level: .topic)
        let id = KafkaUUID.random()
        connection.listener.topicNames.learn(from: MetadataResponse(topics: [.init(name: "orders", topicId: id)]))
        try connection.authenticate()
        try connection.attachUpstream()
        let records = TrafficFixture.batch(records: 2)

        try connection.client.writeInbound(TrafficFixture.fetch(30, topic: "", id: id, version: 13))
        XCTAssertEqual(try connection.forwarded().count, 1)
        try connection.respond(TrafficFixture.fetchResponse(30, topic: "", id: id, records: [records], version: 13), parts: 2)
        XCTAssertEqual(connection.value(#"portcullis_topic_bytes_out_total{topic="orders"}"#), Double(records.readableBytes))
    }

    func testADeniedRequestCountsDenyAndNoTraffic() throws {
        var connection = try MeteredConnection(level: .topic, settings: AuthorizationSettings(allowEveryoneIfNoAclFound: false))
        try connection.authenticate()
        try connection.attachUpstream()
        try connection.client.writeInbound(TrafficFixture.produce(10, topic: "orders", partitions: [TrafficFixture.batch(records: 1)]))
        XCTAssertEqual(try connection.forwarded().count, 0)
        XCTAssertEqual(connection.value(#"portcullis_authorization_decisions_total{api="Produce",decision="deny"}"#), 1)
        XCTAssertNil(connection.value(#"portcullis_authorization_decisions_total{api="Produce",decision="allow"}"#))
        XCTAssertNil(connection.value(#"portcullis_topic_bytes_in_total{topic="orders"}"#))
        XCTAssertEqual(connection.value(#"portcullis_request_duration_seconds_count{api="Produce"}"#), 1, "answered by the gateway")
    }

    func testAFailedScramAuthenticationCountsAFailure() throws {
        let connection = try MeteredConnection(level: .basic)
        try connection.authenticate(password: "wrong")
        XCTAssertEqual(
            connection.value("portcullis_authentications_total{\(listener),mechanism=\"SCRAM-SHA-512\",result=\"failure\"}"), 1
        )
        XCTAssertNil(connection.value("portcullis_authentications_total{\(listener),mechanism=\"SCRAM-SHA-512\",result=\"success\"}"))
        XCTAssertFalse(connection.client.isActive)
        XCTAssertEqual(connection.value("portcullis_connections{\(listener)}"), 0)
    }

    func testTheConnectionGaugeReturnsToZeroWhenTheClientCloses() throws {
        let connection = try MeteredConnection(level: .basic)
        XCTAssertEqual(connection.value("portcullis_connections{\(listener)}"), 1)
        try connection.authenticate()
        XCTAssertEqual(
            connection.value("portcullis_authentications_total{\(listener),mechanism=\"SCRAM-SHA-512\",result=\"success\"}"), 1
        )
        XCTAssertEqual(connection.value(#"portcullis_upstream_errors_total{kind="connect-failed"}"#), 1, "no broker is known")
        _ = try connection.client.finish()
        XCTAssertEqual(connection.value("portcullis_connections{\(listener)}"), 0)
        XCTAssertEqual(connection.value("portcullis_connections_created_total{\(listener)}"), 1)
    }

    func testUpstreamFailuresAreCountedByKind() throws {
        var connection = try MeteredConnection(level: .basic)
        try connection.authenticate()
        try connection.attachUpstream()
        try connection.client.writeInbound(TrafficFixture.fetch(40, topic: "orders", version: 12))
        try connection.respond(SessionFixture.upstreamResponse(41))
        XCTAssertEqual(connection.value(#"portcullis_upstream_errors_total{kind="protocol"}"#), 1, "a response out of order")

        try connection.attachUpstream()
        try connection.upstream!.close().wait()
        XCTAssertEqual(connection.value(#"portcullis_upstream_errors_total{kind="disconnected"}"#), 1)
    }

    func testTheBasicLevelShowsNoTopicOrPrincipalSeries() throws {
        var connection = try MeteredConnection(level: .basic)
        try connection.authenticate()
        try connection.attachUpstream()
        try connection.client.writeInbound(TrafficFixture.produce(10, topic: "orders", partitions: [TrafficFixture.batch(records: 1)]))
        try connection.respond(SessionFixture.upstreamResponse(10))
        try connection.client.writeInbound(TrafficFixture.fetch(11, topic: "orders", version: 12))
        try connection.respond(TrafficFixture.fetchResponse(11, topic: "orders", records: [TrafficFixture.batch(records: 1)], version: 12))
        XCTAssertEqual(try connection.responses().count, 2)

        let text = connection.exposition
        XCTAssertEqual(connection.value(#"portcullis_authorization_decisions_total{api="Fetch",decision="allow"}"#), 1, text)
        for hidden in ["portcullis_topic_", "portcullis_principal_", "portcullis_request_duration_seconds"] {
            XCTAssertFalse(text.contains(hidden), "\(hidden) at the basic level")
        }
    }
}
