@testable import Broker
import Foundation
import KafkaProtocol
import Logging
import NIOCore
import XCTest

/// Produce and Fetch through their handlers over real encrypted logs: every
/// CRC is checked once, before anything is appended, and a fetch serves the
/// log's read as it is.
final class ProduceFetchHandlerTests: XCTestCase {
    func testOneCorruptBatchRefusesThePartitionsWholeProduce() async throws {
        let fixture = try await HandlerFixture.make(self)
        var corrupted = ByteBuffer()
        corrupted.writeKafkaRecordBatch(try logTestBatch(["c"]))
        corrupted.setInteger(UInt8(ascii: "Q"), at: corrupted.writerIndex - 2)  // inside the record's value
        var records = ByteBuffer()
        records.writeKafkaRecordBatch(try logTestBatch(["a", "b"]))
        records.writeImmutableBuffer(corrupted)

        let response = await fixture.produce.produce(Self.request(topic: "orders", records: records))

        let answer = try XCTUnwrap(response.responses.first?.partitionResponses.first)
        XCTAssertEqual(answer.errorCode, KafkaErrorCode.corruptMessage.rawValue)
        let log = try await fixture.log("orders")
        let logEndOffset = await log.logEndOffset
        XCTAssertEqual(logEndOffset, 0, "the good batch before the corrupt one was appended")
    }

    func testFetchServesTheProducedBatchesWithTheirOffsetsAndIntactCRCs() async throws {
        let fixture = try await HandlerFixture.make(self)
        for values in [["a", "b"], ["c"], ["d", "e", "f"]] {
            var records = ByteBuffer()
            records.writeKafkaRecordBatch(try logTestBatch(values))
            let response = await fixture.produce.produce(Self.request(topic: "orders", acks: -1, records: records))
            XCTAssertEqual(response.responses.first?.partitionResponses.first?.errorCode, KafkaErrorCode.none.rawValue)
        }
        let log = try await fixture.log("orders")
        let read = try await log.read(from: 0, maxBytes: 1 << 20)
        XCTAssertEqual(read.batches.count, 3)
        var joined = ByteBuffer()
        read.batches.forEach { joined.writeImmutableBuffer($0) }
        XCTAssertEqual(read.records, joined, "the batches are the records, cut")

        let fetched = await fixture.fetch.fetch(FetchRequest(
            maxBytes: 1 << 20,
            topics: [.init(topic: "orders", partitions: [.init(partition: 0, fetchOffset: 1, partitionMaxBytes: 1 << 20)])]
        ), version: 12)
        let partition = try XCTUnwrap(fetched.responses.first?.partitions.first)
        XCTAssertEqual(partition.errorCode, KafkaErrorCode.none.rawValue)
        XCTAssertEqual(partition.highWatermark, 6)
        var served = try XCTUnwrap(partition.records)
        XCTAssertEqual(served, read.records, "the fetch serves the log's read from the batch holding offset 1")
        var offsets: [Int64] = []
        while let batch = try served.readKafkaRecordBatch() {
            try batch.verifyChecksum()
            offsets += try batch.decodeRecords().map { batch.baseOffset + Int64($0.offsetDelta) }
        }
        XCTAssertEqual(served.readableBytes, 0)
        XCTAssertEqual(offsets, [0, 1, 2, 3, 4, 5])
    }

    private static func request(topic: String, acks: Int16 = 1, records: ByteBuffer) -> ProduceRequest {
        ProduceRequest(acks: acks, timeoutMs: 30_000, topicData: [.init(name: topic, partitionData: [.init(index: 0, records: records)])])
    }
}

/// Produce and Fetch handlers over a topic registry and log manager in a fresh
/// data directory with a real local KMS, and the topic "orders" of one partition.
private struct HandlerFixture {
    let produce: ProduceHandler
    let fetch: FetchHandler
    let partitions: PartitionDirectory

    static func make(_ test: XCTestCase) async throws -> HandlerFixture {
        let fixture = try await LogFixture.make(test)
        var configuration = BrokerConfiguration()
        configuration.dataDirectory = fixture.dataDirectory
        let meta = URL(fileURLWithPath: fixture.dataDirectory).appendingPathComponent("meta", isDirectory: true)
        let topics = try TopicRegistry(metaDirectory: meta)
        _ = try await topics.create(name: "orders", partitions: 1, configs: [:])
        let logs = LogManager(dataDirectory: fixture.dataDirectory, cipher: fixture.cipher, defaults: configuration.log,
                              logger: Logger(label: "test"))
        let partitions = PartitionDirectory(topics: topics, logs: logs, configuration: configuration)
        return HandlerFixture(
            produce: ProduceHandler(partitions: partitions, logger: Logger(label: "test")),
            fetch: FetchHandler(partitions: partitions, logger: Logger(label: "test")),
            partitions: partitions
        )
    }

    func log(_ topic: String) async throws -> PartitionLog {
        try await partitions.log(topic: topic, partition: 0, autoCreate: false).get()
    }
}
