@testable import Broker
import Foundation
import KafkaProtocol
import Logging
import NIOCore
import XCTest

/// Requests written back to back on one connection are answered in the order
/// they were sent, even when an earlier one waits (a long-polling fetch) and
/// a later one would be quick; an acks=0 produce is answered by nothing.
final class ConnectionOrderTests: XCTestCase {
    func testPipelinedRequestsAreAnsweredInOrder() async throws {
        let fixture = try await LogFixture.make(self)
        var configuration = BrokerConfiguration()
        configuration.dataDirectory = fixture.dataDirectory + "/broker"
        configuration.listen = SocketAddressSpec(host: "127.0.0.1", port: 0)
        let broker = try await EmbeddedBroker(configuration: configuration, logger: Logger(label: "test"))
        let serving = Task { try await broker.run() }
        defer { serving.cancel() }

        var records = ByteBuffer()
        records.writeKafkaRecordBatch(try logTestBatch(["ordered"]))
        let produce = { (acks: Int16) in
            KafkaRequestBody.produce(ProduceRequest(acks: acks, timeoutMs: 5_000, topicData: [
                .init(name: "ordered", partitionData: [.init(index: 0, records: records)]),
            ]))
        }
        let fetch = KafkaRequestBody.fetch(FetchRequest(maxWaitMs: 300, minBytes: 1, maxBytes: 1 << 20, topics: [
            .init(topic: "ordered", partitions: [.init(partition: 0, fetchOffset: 2, partitionMaxBytes: 1 << 20)]),
        ]))
        let started = ContinuousClock.now
        let answers = try await KafkaTestClient.withConnection(to: broker.boundAddress) { client in
            try await client.pipeline([
                (.createTopics(CreateTopicsRequest(topics: [.init(name: "ordered", numPartitions: 1, replicationFactor: 1)])), 5),
                (produce(0), 9),
                (produce(-1), 9),
                (fetch, 12),  // nothing at offset 2 yet: waits its 300 ms
                (.apiVersions(ApiVersionsRequest()), 3),
            ], expectsResponse: { body in
                if case .produce(let request) = body { return request.acks != 0 }
                return true
            })
        }
        XCTAssertEqual(answers.map(\.apiKey), [.createTopics, .produce, .fetch, .apiVersions])
        guard case .produce(let produced) = answers[1] else { return XCTFail("not a produce response") }
        XCTAssertEqual(produced.responses.first?.partitionResponses.first?.baseOffset, 1, "the acks=0 produce came first")
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - started, .milliseconds(300), "ApiVersions waited for the fetch before it")
    }
}
