import KafkaProtocol
import KeyManagement
import NIOCore

extension PartitionLog {
    /// A data key seals at most this many batches: segments roll well
    /// before the key's random-nonce budget (2^32) could run out.
    static let maximumBatchesPerSegment = 1 << 30

    /// Appends `batches` as one unit: they get consecutive offsets from the
    /// log end (their baseOffset is set, which lies outside the CRC), and,
    /// under LogAppendTime, the append time. The batches are written to the
    /// file but not yet durable: call `flush(through: result.lastOffset)`
    /// for that (acks=-1). Throws for a malformed or oversized batch, leaving
    /// the log unchanged.
    public func append(verified batches: [VerifiedRecordBatch]) async throws(LogError) -> LogAppendResult {
        try checkUsable()
        guard !batches.isEmpty else { throw .invalidBatch("nothing to append") }
        for batch in batches {
            try validate(batch.batch)
        }
        await takeAppendTurn()
        defer { passAppendTurn() }
        try checkUsable()

        let now = clock()
        let stamped = try batches.map { batch throws(LogError) in try stamp(batch.batch, now: now) }
        let recordCount = stamped.reduce(0) { $0 + Int64($1.lastOffsetDelta) + 1 }
        let incomingBytes = stamped.reduce(0) { $0 + LogEntryHeader.length + Self.wireLength($1) + EnvelopeCipher.overhead }
        let maxTimestamp = stamped.map(\.maxTimestamp).max()!
        let sealer = try await activeSegmentSealer(
            incomingBytes: incomingBytes, maxTimestamp: maxTimestamp, recordCount: recordCount, batchCount: stamped.count
        )
        try checkUsable()
        let active = segments.last!

        var entries = ByteBuffer()
        entries.reserveCapacity(incomingBytes)
        var headers: [(header: LogEntryHeader, position: Int)] = []
        var plaintext = ByteBuffer()
        var nextOffset = logEndOffset
        for var batch in stamped {
            batch.baseOffset = nextOffset
            batch.partitionLeaderEpoch = leaderEpoch
            plaintext.clear()
            plaintext.writeKafkaRecordBatch(batch)
            let header = LogEntryHeader(batch: batch, sealedLength: Int32(plaintext.readableBytes + sealer.overhead))
            let position = entries.writerIndex
            header.write(to: &entries)
            do {
                try sealer.seal(
                    plaintext, authenticating: SegmentIdentity.associatedData(topic: topic, partition: partition, header: header),
                    appendingTo: &entries
                )
            } catch {
                // Unreachable while segments roll before their key's nonce budget runs out.
                throw fail(because: "sealing a batch failed: \(error)")
            }
            headers.append((header, position))
            nextOffset = header.nextOffset
        }
        try active.append(entries, headers: headers)
        publishedSize.add(entries.readableBytes, ordering: .relaxed)

        for (header, _) in headers {
            producers.update(with: header)
        }
        let baseOffset = logEndOffset
        logEndOffset = nextOffset
        groupCommit.written(through: nextOffset, in: active.log)
        return LogAppendResult(
            baseOffset: baseOffset,
            lastOffset: nextOffset - 1,
            logAppendTime: configuration.messageTimestampType == .logAppendTime ? now : -1,
            logStartOffset: logStartOffset
        )
    }

    /// Appends one batch.
    public func append(verified batch: VerifiedRecordBatch) async throws(LogError) -> LogAppendResult {
        try await append(verified: [batch])
    }

    /// Appends batches whose CRCs nobody has checked yet: checks all of them
    /// first, so a wrong one leaves the log unchanged.
    public func append(_ batches: [RecordBatch]) async throws(LogError) -> LogAppendResult {
        let verified: [VerifiedRecordBatch]
        do {
            verified = try batches.map(VerifiedRecordBatch.init)
        } catch {
            throw .invalidBatch("record batch CRC mismatch")
        }
        return try await append(verified: verified)
    }

    /// Appends one batch whose CRC nobody has checked yet.
    public func append(_ batch: RecordBatch) async throws(LogError) -> LogAppendResult {
        try await append([batch])
    }

    /// Refuses what Kafka's log validator refuses besides a wrong CRC
    /// (`VerifiedRecordBatch` has checked that): a batch over
    /// `max.message.bytes`, or an offset range that disagrees with the
    /// record count.
    private func validate(_ batch: RecordBatch) throws(LogError) {
        let size = Self.wireLength(batch)
        guard size <= configuration.maxMessageBytes else {
            throw .batchTooLarge(size: size, limit: configuration.maxMessageBytes)
        }
        guard batch.recordsCount > 0, batch.lastOffsetDelta >= 0, Int64(batch.lastOffsetDelta) + 1 == Int64(batch.recordsCount) else {
            throw .invalidBatch(
                "lastOffsetDelta \(batch.lastOffsetDelta) does not match recordsCount \(batch.recordsCount)"
            )
        }
    }

    /// Under LogAppendTime, the batch with its timestamp type set and its
    /// largest timestamp replaced by the append time (CRC recomputed).
    private func stamp(_ batch: RecordBatch, now: Int64) throws(LogError) -> RecordBatch {
        guard configuration.messageTimestampType == .logAppendTime else { return batch }
        do {
            return try RecordBatch(
                baseOffset: batch.baseOffset, partitionLeaderEpoch: batch.partitionLeaderEpoch,
                attributes: batch.attributes | Self.logAppendTimeAttribute, lastOffsetDelta: batch.lastOffsetDelta,
                baseTimestamp: batch.baseTimestamp, maxTimestamp: now, producerId: batch.producerId,
                producerEpoch: batch.producerEpoch, baseSequence: batch.baseSequence, recordsCount: batch.recordsCount,
                records: batch.records
            )
        } catch {
            throw .invalidBatch("record batch too long to restamp")
        }
    }

    /// Attribute bit 3: the batch's timestamps are the broker's append time.
    private static let logAppendTimeAttribute: Int16 = 0x08

    static func wireLength(_ batch: RecordBatch) -> Int {
        12 + Int(batch.batchLength)
    }

    /// The sealer of the segment the next entries go to, rolling a new
    /// segment first when the active one is full, old, out of relative
    /// offsets, or has no usable key.
    private func activeSegmentSealer(
        incomingBytes: Int, maxTimestamp: Int64, recordCount: Int64, batchCount: Int
    ) async throws(LogError) -> any BatchSealer {
        if let active = segments.last, activeSealer == nil {
            do {
                activeSealer = try await cipher.sealer(
                    for: active.identity, keyFile: active.keyFile, sealsAlreadyMade: UInt64(active.entryCount)
                )
            } catch .invalidSegmentKey(let path, let reason) {
                logger.warning("rolling a new segment: the active one has no usable key", metadata: [
                    "segment": "\(path)", "reason": "\(reason)",
                ])
            }
        }
        if let active = segments.last, let sealer = activeSealer,
           !shouldRoll(active, incomingBytes: incomingBytes, maxTimestamp: maxTimestamp, recordCount: recordCount, batchCount: batchCount) {
            return sealer
        }
        try await roll()
        return activeSealer!
    }

    /// Kafka's roll rules, plus the limits of 32-bit relative offsets and
    /// of one data key's nonces.
    private func shouldRoll(
        _ active: LogSegment, incomingBytes: Int, maxTimestamp: Int64, recordCount: Int64, batchCount: Int
    ) -> Bool {
        guard !active.isEmpty else { return false }
        let waited = if let first = active.firstBatchTimestamp, first >= 0 { maxTimestamp - first } else { clock() - active.openedAt }
        return active.size + incomingBytes > configuration.segmentBytes
            || waited > configuration.segmentMs
            || logEndOffset + recordCount - 1 - active.baseOffset > Int64(Int32.max)
            || active.entryCount + batchCount > Self.maximumBatchesPerSegment
    }

    /// Waits until every append called earlier is done, so offsets follow call order.
    func takeAppendTurn() async {
        guard appendTurnHeld else {
            appendTurnHeld = true
            return
        }
        await withCheckedContinuation { appendTurnQueue.append($0) }
    }

    /// Hands the turn to the next waiting append, if any.
    func passAppendTurn() {
        if appendTurnQueue.isEmpty {
            appendTurnHeld = false
        } else {
            appendTurnQueue.removeFirst().resume()
        }
    }
}
