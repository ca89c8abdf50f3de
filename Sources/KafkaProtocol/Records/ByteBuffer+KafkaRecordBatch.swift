import NIOCore

// Framing of v2 record batches: magic and length are checked, the CRC and
// the records are left to `verifyChecksum()` and `decodeRecords()`, so that
// forwarding a batch costs no pass over its payload.
extension ByteBuffer {
    /// Reads one record batch, or returns nil, without moving the reader
    /// index, when the readable bytes hold only the start of one.
    public mutating func readKafkaRecordBatch() throws(KafkaDecodingError) -> RecordBatch? {
        // Magic first: in an older format the rest would mean something else.
        guard let magic = self.getInteger(at: self.readerIndex + RecordBatch.magicOffset, as: Int8.self) else {
            return nil
        }
        guard magic == RecordBatch.magic else { throw .unsupportedMagic(magic) }
        let batchLength = Int(self.getInteger(at: self.readerIndex + 8, as: Int32.self)!)
        guard batchLength >= RecordBatch.minimumBatchLength else {
            throw .malformedRecordBatch(
                "batchLength \(batchLength) is shorter than the \(RecordBatch.minimumBatchLength)-byte header it covers"
            )
        }
        guard batchLength <= self.readableBytes - RecordBatch.logOverhead else { return nil }

        var bytes = self.readSlice(length: RecordBatch.logOverhead + batchLength)!
        let baseOffset = try bytes.readKafkaInteger(as: Int64.self)
        bytes.moveReaderIndex(forwardBy: 4)  // batchLength
        let partitionLeaderEpoch = try bytes.readKafkaInteger(as: Int32.self)
        bytes.moveReaderIndex(forwardBy: 1)  // magic
        return RecordBatch(
            baseOffset: baseOffset,
            partitionLeaderEpoch: partitionLeaderEpoch,
            crc: try bytes.readKafkaInteger(),
            attributes: try bytes.readKafkaInteger(),
            lastOffsetDelta: try bytes.readKafkaInteger(),
            baseTimestamp: try bytes.readKafkaInteger(),
            maxTimestamp: try bytes.readKafkaInteger(),
            producerId: try bytes.readKafkaInteger(),
            producerEpoch: try bytes.readKafkaInteger(),
            baseSequence: try bytes.readKafkaInteger(),
            recordsCount: try bytes.readKafkaInteger(),
            records: bytes.readSlice(length: bytes.readableBytes)!
        )
    }

    /// Reads every batch of a records field, consuming all its bytes; a
    /// trailing partial batch is counted, not decoded. On error the reader
    /// index stays at the start of the offending batch.
    public mutating func readKafkaRecordBatches() throws(KafkaDecodingError) -> RecordBatches {
        var batches: [RecordBatch] = []
        while let batch = try self.readKafkaRecordBatch() {
            batches.append(batch)
        }
        let partialLength = self.readableBytes
        self.moveReaderIndex(forwardBy: partialLength)
        return RecordBatches(batches: batches, partialTrailingBatchLength: partialLength)
    }

    /// Writes `batch` exactly as it was read or built.
    public mutating func writeKafkaRecordBatch(_ batch: RecordBatch) {
        self.writeInteger(batch.baseOffset)
        self.writeInteger(batch.batchLength)
        self.writeInteger(batch.partitionLeaderEpoch)
        self.writeInteger(RecordBatch.magic)
        self.writeInteger(batch.crc)
        self.writeInteger(batch.attributes)
        self.writeInteger(batch.lastOffsetDelta)
        self.writeInteger(batch.baseTimestamp)
        self.writeInteger(batch.maxTimestamp)
        self.writeInteger(batch.producerId)
        self.writeInteger(batch.producerEpoch)
        self.writeInteger(batch.baseSequence)
        self.writeInteger(batch.recordsCount)
        self.writeImmutableBuffer(batch.records)
    }
}
