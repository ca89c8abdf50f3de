import KafkaProtocol
import NIOCore

/// Builds the frames the benchmark measures: real v2 record batches
/// (uncompressed, 1 KiB pseudo-random values, 16-byte keys, idempotent
/// producer fields set, CRC-32C computed by the codec itself) inside Produce
/// request and Fetch response frames, exactly as they travel on the wire.
enum Fixtures {
    /// Produce v11: the newest version this codec knows (flexible, topic by name).
    static let produceVersion: Int16 = 11
    /// Fetch v16: flexible, topics by id, what current Java clients send.
    static let fetchVersion: Int16 = 16

    static let valueLength = 1024
    static let keyLength = 16
    /// baseOffset + batchLength (12) and the batch header they cover (49).
    static let batchOverhead = 61

    /// A deterministic xorshift64* stream, so every run measures the same bytes.
    struct PseudoRandom {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }

    /// A batch of as many records (16-byte key, 1 KiB value, no headers) as
    /// fit in `targetBytes` (like a producer's `batch.size`), CRC computed.
    static func recordBatch(
        targetBytes: Int, baseOffset: Int64, seed: UInt64
    ) throws -> RecordBatch {
        var random = PseudoRandom(state: seed | 1)
        var records: [Record] = []
        var size = batchOverhead
        var scratch = ByteBufferAllocator().buffer(capacity: 2 * valueLength)
        while true {
            var key = ByteBufferAllocator().buffer(capacity: keyLength)
            key.writeString("user-")
            key.writeString(String(random.next() % 100_000_000_000, radix: 10).paddedLeft(to: keyLength - 5))
            var value = ByteBufferAllocator().buffer(capacity: valueLength)
            for _ in 0..<(valueLength / 8) { value.writeInteger(random.next()) }
            let index = Int32(records.count)
            let record = Record(
                timestampDelta: Int64(index) * 3, offsetDelta: index, key: key, value: value
            )
            scratch.clear()
            try scratch.writeKafkaRecord(record)
            guard size + scratch.readableBytes <= targetBytes else { break }
            size += scratch.readableBytes
            records.append(record)
        }
        return try RecordBatch(
            records: records,
            baseOffset: baseOffset,
            partitionLeaderEpoch: baseOffset == 0 ? -1 : 7,
            baseTimestamp: 1_750_000_000_000,
            producerId: 4242,
            producerEpoch: 0,
            baseSequence: Int32(truncatingIfNeeded: baseOffset)
        )
    }

    /// `count` batches back to back, as a records field holds them.
    static func recordsField(batchBytes: Int, count: Int, assignOffsets: Bool, seed: UInt64) throws -> (ByteBuffer, recordCount: Int) {
        var field = ByteBufferAllocator().buffer(capacity: count * batchBytes)
        var nextOffset: Int64 = assignOffsets ? 1_000_000 : 0
        var records = 0
        for index in 0..<count {
            let batch = try recordBatch(
                targetBytes: batchBytes, baseOffset: nextOffset, seed: seed &+ UInt64(index) &* 7919
            )
            field.writeKafkaRecordBatch(batch)
            records += Int(batch.recordsCount)
            if assignOffsets { nextOffset += Int64(batch.recordsCount) }
        }
        return (field, records)
    }

    /// A Produce request: `partitions` partitions of one topic, each with one batch.
    static func produceFrame(batchBytes: Int, partitions: Int) throws -> (wire: ByteBuffer, records: Int) {
        var partitionData: [ProduceRequest.PartitionProduceData] = []
        var records = 0
        for index in 0..<partitions {
            let (field, count) = try recordsField(
                batchBytes: batchBytes, count: 1, assignOffsets: false, seed: 0x9E37_79B9 &+ UInt64(index)
            )
            records += count
            partitionData.append(.init(index: Int32(index), records: field))
        }
        let request = ProduceRequest(
            transactionalId: nil, acks: -1, timeoutMs: 30_000,
            topicData: [.init(name: "orders.v1", partitionData: partitionData)]
        )
        let frame = KafkaRequestFrame(
            header: RequestHeader(
                requestApiKey: KafkaApiKey.produce.rawValue, requestApiVersion: produceVersion,
                correlationId: 1234, clientId: "bench-producer-1"
            ),
            body: .produce(request)
        )
        var wire = ByteBufferAllocator().buffer(capacity: partitions * batchBytes + 256)
        try frame.encode(into: &wire)
        return (wire, records)
    }

    /// A Fetch response: one partition whose records field holds `batches` batches.
    static func fetchResponseFrame(batchBytes: Int, batches: Int) throws -> (wire: ByteBuffer, records: Int) {
        let (field, records) = try recordsField(
            batchBytes: batchBytes, count: batches, assignOffsets: true, seed: 0xC0FF_EE00
        )
        let highWatermark = 1_000_000 + Int64(records) + 500
        let response = FetchResponse(
            throttleTimeMs: 0, errorCode: 0, sessionId: 987_654,
            responses: [
                .init(
                    // Fetch v13+ names topics by id only.
                    topicId: KafkaUUID(mostSignificantBits: 0x1234_5678_9ABC_DEF0, leastSignificantBits: 0x0FED_CBA9_8765_4321),
                    partitions: [
                        .init(
                            partitionIndex: 3, errorCode: 0, highWatermark: highWatermark,
                            lastStableOffset: highWatermark, logStartOffset: 0,
                            abortedTransactions: nil, preferredReadReplica: -1, records: field
                        )
                    ]
                )
            ]
        )
        let frame = KafkaResponseFrame(
            header: ResponseHeader(correlationId: 5678), body: .fetch(response), apiVersion: fetchVersion
        )
        var wire = ByteBufferAllocator().buffer(capacity: batches * batchBytes + 256)
        try frame.encode(into: &wire)
        return (wire, records)
    }
}

extension String {
    fileprivate func paddedLeft(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
