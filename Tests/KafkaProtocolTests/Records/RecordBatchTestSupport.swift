import KafkaProtocol
import NIOCore

/// The wire bytes of `batches`, back to back.
func encoded(_ batches: RecordBatch...) -> ByteBuffer {
    var buffer = ByteBuffer()
    for batch in batches {
        buffer.writeKafkaRecordBatch(batch)
    }
    return buffer
}

/// A small uncompressed batch with `count` records, each with a key, a value and a header.
func sampleBatch(baseOffset: Int64 = 0, count: Int = 3) throws -> RecordBatch {
    let records = (0..<count).map { index in
        Record(
            timestampDelta: Int64(index * 10),
            offsetDelta: Int32(index),
            key: ByteBuffer(string: "key-\(index)"),
            value: ByteBuffer(string: "value-\(index)"),
            headers: [RecordHeader(key: "trace", value: ByteBuffer(string: "\(index)"))]
        )
    }
    return try RecordBatch(records: records, baseOffset: baseOffset, baseTimestamp: 1_000)
}

/// An uncompressed batch around hand-made records bytes, with a correct CRC.
func makeBatch(recordsCount: Int32, records: [UInt8]) throws -> RecordBatch {
    try RecordBatch(
        baseOffset: 0, partitionLeaderEpoch: 0, attributes: 0, lastOffsetDelta: max(0, recordsCount - 1),
        baseTimestamp: 0, maxTimestamp: 0, producerId: -1, producerEpoch: -1, baseSequence: -1,
        recordsCount: recordsCount, records: ByteBuffer(bytes: records)
    )
}
