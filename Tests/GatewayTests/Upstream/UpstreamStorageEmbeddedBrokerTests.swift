import Broker
import Foundation
@testable import Gateway
import KafkaProtocol
import Logging
import NIOCore
import Usage
import XCTest

/// The storage query and sampler against a real embedded broker over its
/// listener: the figures are those `portcullis dev`'s own sampler reads from
/// the broker directly, and they reach the usage journal.
final class UpstreamStorageEmbeddedBrokerTests: XCTestCase {
    func testTheQueryReadsWhatTheBrokerHoldsAndTheSamplerJournalsIt() async throws {
        let directory = try temporaryDirectory()
        var configuration = BrokerConfiguration()
        configuration.dataDirectory = directory + "/broker"
        configuration.listen = SocketAddressSpec(host: "127.0.0.1", port: 0)
        let broker = try await EmbeddedBroker(configuration: configuration, logger: Logger(label: "test"))
        let serving = Task { try await broker.run() }
        defer { serving.cancel() }
        let endpoint = UpstreamEndpoint(host: broker.boundAddress.host, port: broker.boundAddress.port)
        let connector = try UpstreamConnector(security: UpstreamSecurity())

        try await UpstreamConversation.with(endpoint, connector: connector) { upstream in
            let created = try await upstream.ask(.createTopics(CreateTopicsRequest(topics: [
                .init(name: "orders", numPartitions: 3, replicationFactor: 1),
                .init(name: "quiet", numPartitions: 2, replicationFactor: 1),
            ])), version: 5)
            guard case .createTopics(let answer) = created else { return XCTFail("not a CreateTopics response") }
            XCTAssertEqual(answer.topics.map(\.errorCode), [0, 0])
            for partition in Int32(0)..<3 {
                let produced = try await upstream.ask(.produce(ProduceRequest(acks: -1, timeoutMs: 5_000, topicData: [
                    .init(name: "orders", partitionData: [.init(index: partition, records: TrafficFixture.batch(records: 10 * Int(partition + 1)))]),
                ])), version: 9)
                guard case .produce(let body) = produced else { return XCTFail("not a Produce response") }
                XCTAssertEqual(body.responses.first?.partitionResponses.first?.errorCode, 0)
            }
        }

        let answer = try await UpstreamStorageQuery(bootstrap: [endpoint], connector: connector).ask()
        let direct = await broker.storage()
        XCTAssertEqual(answer.failures, [])
        XCTAssertEqual(answer.topics, direct.map { UpstreamTopicStorage(topic: $0.topic, partitions: $0.partitions, bytes: $0.bytes) })
        XCTAssertEqual(answer.topics.map(\.topic), ["orders", "quiet"])
        XCTAssertGreaterThan(answer.topics[0].bytes, 0)
        XCTAssertEqual(answer.topics[1], UpstreamTopicStorage(topic: "quiet", partitions: 2, bytes: 0))

        // One round of the sampler, then the journal holds the same storage.
        let usageDirectory = UsageDirectory(dataDirectory: directory + "/gateway")
        let usage = try UsageRecorder(directory: usageDirectory, logger: Logger(label: "test"))
        let sampler = UpstreamStorageSampler(
            query: UpstreamStorageQuery(bootstrap: [endpoint], connector: connector), usage: usage, principal: nil, logger: Logger(label: "test")
        )
        let start = Date()
        let sampling = Task { await sampler.run(interval: .seconds(3_600)) }
        var rows: [UsageRow] = []
        for _ in 0..<100 where rows.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            try usage.flush()
            rows = try UsageReport(directory: usageDirectory)
                .rows(for: UsageQuery(since: start.addingTimeInterval(-120), until: Date().addingTimeInterval(120)))
                .filter { $0.principal == nil }
        }
        sampling.cancel()
        await sampling.value
        try usage.close()
        XCTAssertEqual(rows.map(\.topic), ["orders", "quiet"])
        // One sampled minute: a sixtieth of an hour at the sample.
        XCTAssertEqual(rows.first?.partitionHours ?? 0, 3.0 / 60, accuracy: 1e-9)
        XCTAssertEqual(rows.first?.storageByteHours ?? 0, Double(answer.topics[0].bytes) / 60, accuracy: 1e-6)
    }

    private func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/portcullis-storage-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: try XCTUnwrap(created))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
