import KafkaProtocol
import NIOCore

extension PartitionLog {
    /// ListOffsets by timestamp: the earliest record whose timestamp is at
    /// or after `timestamp`, below the high watermark; nil when there is none.
    ///
    /// Segments whose largest timestamp is smaller are skipped; in the first
    /// other one, the time index says where to start reading headers for the
    /// first batch whose largest timestamp reaches `timestamp`. That batch is
    /// then opened to find its first such record; a compressed batch (whose
    /// records this log does not decompress) answers with its first offset
    /// and largest timestamp, as does a LogAppendTime batch, where every
    /// record has that timestamp.
    public func offset(forTimestamp timestamp: Int64) async throws(LogError) -> TimestampAndOffset? {
        try checkUsable()
        for segment in segments where segment.baseOffset < highWatermark && segment.largestTimestamp >= timestamp {
            guard let (header, position) = try firstBatch(in: segment, reaching: timestamp) else { continue }
            if header.attributes & 0x0F != 0 {
                // Compressed (bits 0-2) or LogAppendTime (bit 3).
                return TimestampAndOffset(timestamp: header.maxTimestamp, offset: header.baseOffset)
            }
            let sealer = try await cipher.sealer(for: segment.identity, keyFile: segment.keyFile, sealsAlreadyMade: 0)
            let batch = try openBatch(header, at: position, in: segment, sealer: sealer)
            let records: [Record]
            do {
                records = try batch.decodeRecords()
            } catch {
                throw corruptBatch(header.baseOffset..<header.nextOffset)
            }
            for record in records where batch.baseTimestamp &+ record.timestampDelta >= timestamp {
                return TimestampAndOffset(timestamp: batch.baseTimestamp &+ record.timestampDelta, offset: batch.baseOffset + Int64(record.offsetDelta))
            }
            return TimestampAndOffset(timestamp: header.maxTimestamp, offset: header.baseOffset)
        }
        return nil
    }

    /// The first served batch of `segment` whose largest timestamp is at least `timestamp`.
    private func firstBatch(in segment: LogSegment, reaching timestamp: Int64) throws(LogError) -> (LogEntryHeader, Int)? {
        var position = segment.timeIndex.startOffset(forTimestamp: timestamp).map { segment.offsetIndex.startPosition(for: $0) } ?? 0
        while position < segment.size {
            if let range = segment.unreadableRange(startingAt: position) {
                position = range.positions.upperBound
                continue
            }
            guard let header = try segment.header(at: position) else { return nil }
            guard header.baseOffset < highWatermark else { return nil }
            if header.maxTimestamp >= timestamp { return (header, position) }
            position += header.entryLength
        }
        return nil
    }

    private func openBatch(_ header: LogEntryHeader, at position: Int, in segment: LogSegment, sealer: any BatchSealer) throws(LogError) -> RecordBatch {
        let offsets = header.baseOffset..<header.nextOffset
        guard let sealed = try segment.sealedBatch(of: header, at: position) else {
            throw reportDamage(in: segment, at: position, length: header.entryLength, offsets: offsets, "entry cut short since recovery")
        }
        var plaintext = ByteBuffer()
        do {
            try sealer.open(
                sealed, authenticating: SegmentIdentity.associatedData(topic: topic, partition: partition, header: header),
                appendingTo: &plaintext
            )
        } catch {
            throw reportDamage(in: segment, at: position, length: header.entryLength, offsets: offsets, "batch failed authentication")
        }
        guard let batch = try? plaintext.readKafkaRecordBatch() else { throw corruptBatch(offsets) }
        return batch
    }
}
