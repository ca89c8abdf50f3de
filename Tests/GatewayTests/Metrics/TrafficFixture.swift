import KafkaProtocol
import NIOCore
@testable import Gateway

/// Records and the frames that carry them.
enum TrafficFixture {
    /// One uncompressed batch of `count` records, as a client writes it.
    static func batch(records count: Int, baseOffset: Int64 = 0) -> ByteBuffer {
        let records = (0..<count).map { index in
            Record(timestampDelta: 0, offsetDelta: Int32(index), key: nil, value: ByteBuffer(string: "value \(index)"))
        }
        var buffer = ByteBuffer()
        buffer.writeKafkaRecordBatch(try! RecordBatch(records: records, baseOffset: baseOffset, baseTimestamp: 0))
        return buffer
    }

    static func produce(_ correlationId: Int32, topic: String, partitions: [ByteBuffer], acks: Int16 = -1) -> ByteBuffer {
        let data = ProduceRequest.TopicProduceData(
            name: topic, partitionData: partitions.enumerated().map { .init(index: Int32($0.offset), records: $0.element) }
        )
        return SessionFixture.frame(
            .produce(ProduceRequest(acks: acks, timeoutMs: 1000, topicData: [data])), version: 9, correlationId: correlationId
        )
    }

    /// A Fetch of partition 0 of `topic`, by name (up to v12) or by id (v13+).
    static func fetch(_ correlationId: Int32, topic: String, id: KafkaUUID = .zero, version: Int16) -> ByteBuffer {
        let partition = FetchRequest.FetchPartition(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)
        let request = FetchRequest(maxWaitMs: 100, minBytes: 1, maxBytes: 1 << 20, topics: [
            .init(topic: topic, topicId: id, partitions: [partition]),
        ])
        return SessionFixture.frame(.fetch(request), version: version, correlationId: correlationId)
    }

    /// The upstream's Fetch response carrying `records` for partition 0 of one topic.
    static func fetchResponse(
        _ correlationId: Int32, topic: String, id: KafkaUUID = .zero, records: [ByteBuffer?], version: Int16
    ) -> ByteBuffer {
        let partitions = records.enumerated().map { index, records in
            FetchResponse.PartitionData(partitionIndex: Int32(index), highWatermark: 10, records: records)
        }
        let body = FetchResponse(responses: [.init(topic: topic, topicId: id, partitions: partitions)])
        return try! LocalResponse.encode(.fetch(body), correlationId: correlationId, version: version)
    }
}
