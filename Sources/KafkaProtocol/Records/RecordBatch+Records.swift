import NIOCore

// The records of an uncompressed batch, decoded and encoded.
extension RecordBatch {
    /// An uncompressed batch holding `records`, whose offset and timestamp
    /// deltas are taken as given. lastOffsetDelta is the last record's
    /// (-1 when empty: the batch takes no offset), maxTimestamp is
    /// baseTimestamp plus the largest timestampDelta.
    public init(
        records: [Record],
        baseOffset: Int64 = 0,
        partitionLeaderEpoch: Int32 = -1,
        baseTimestamp: Int64,
        timestampType: RecordTimestampType = .createTime,
        isTransactional: Bool = false,
        isControl: Bool = false,
        producerId: Int64 = -1,
        producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1
    ) throws(KafkaEncodingError) {
        var length = 0
        for record in records {
            let bodyLength = record.encodedBodyLength
            length += Record.varintLength(Int64(bodyLength)) + bodyLength
        }
        // Measured first: an oversized batch is refused before any bytes are written.
        guard length <= Self.maximumRecordsLength else { throw .tooLong(field: "records", length: length) }
        var bytes = ByteBufferAllocator().buffer(capacity: length)
        for record in records {
            try bytes.writeKafkaRecord(record)
        }

        var attributes: Int16 = 0
        if timestampType == .logAppendTime { attributes |= Self.logAppendTimeFlag }
        if isTransactional { attributes |= Self.transactionalFlag }
        if isControl { attributes |= Self.controlFlag }
        try self.init(
            baseOffset: baseOffset,
            partitionLeaderEpoch: partitionLeaderEpoch,
            attributes: attributes,
            lastOffsetDelta: records.last?.offsetDelta ?? -1,
            baseTimestamp: baseTimestamp,
            maxTimestamp: baseTimestamp &+ (records.lazy.map(\.timestampDelta).max() ?? 0),
            producerId: producerId,
            producerEpoch: producerEpoch,
            baseSequence: baseSequence,
            recordsCount: Int32(records.count),
            records: bytes
        )
    }

    /// The records of an uncompressed batch. Throws `.compressedRecords` for a
    /// compressed one, and `.malformedRecordBatch` unless the records section
    /// holds exactly `recordsCount` records.
    public func decodeRecords() throws(KafkaDecodingError) -> [Record] {
        guard self.compression == .none else { throw .compressedRecords(self.compression) }
        let count = Int(self.recordsCount)
        guard count >= 0 else { throw .invalidLength(count) }
        // A count no bytes could hold is refused outright; one they could is
        // still only reserved as far as the bytes go.
        guard count <= self.records.readableBytes / Record.minimumEncodedLength else {
            throw .malformedRecordBatch(
                "recordsCount \(count) is more than \(self.records.readableBytes) bytes of records can hold"
            )
        }
        var input = self.records
        var decoded: [Record] = []
        decoded.reserveKafkaCapacity(count, decodingFrom: input)
        for index in 0..<count {
            guard input.readableBytes > 0 else {
                throw .malformedRecordBatch("records end after \(index) of recordsCount \(count)")
            }
            decoded.append(try input.readKafkaRecord())
        }
        guard input.readableBytes == 0 else {
            throw .malformedRecordBatch("\(input.readableBytes) bytes follow the last of recordsCount \(count) records")
        }
        return decoded
    }
}
