import NIOCore

extension PartitionLog {
    /// Reads whole batches from the one holding `offset`, below the high
    /// watermark, from one segment. Kafka's size rule: batches are added
    /// while their total stays within `maxBytes`, but the first is returned
    /// whole even when it alone is larger, so a consumer always progresses.
    ///
    /// Throws `.offsetOutOfRange` for an offset before the log start or
    /// after the log end, and `.corruptBatch` when the batch holding `offset`
    /// must not be served (it failed authentication or is unreadable); a bad
    /// batch after good ones ends the result before it.
    public func read(from offset: Int64, maxBytes: Int) async throws(LogError) -> LogReadResult {
        try checkUsable()
        guard offset >= logStartOffset, offset <= logEndOffset else {
            throw .offsetOutOfRange(offset: offset, logStartOffset: logStartOffset, logEndOffset: logEndOffset)
        }
        var start = offset
        while start < highWatermark, let segment = segment(containing: start) {
            // Asked per read, so a disabled KEK stops reads (the cache revalidates it).
            let sealer = try await cipher.sealer(for: segment.identity, keyFile: segment.keyFile, sealsAlreadyMade: 0)
            let batches = try readBatches(from: start, in: segment, sealer: sealer, maxBytes: maxBytes)
            if !batches.isEmpty {
                return LogReadResult(batches: batches, highWatermark: highWatermark, logStartOffset: logStartOffset)
            }
            // Nothing at or after `start` in this segment: its successor starts after it.
            guard let next = segments.first(where: { $0.baseOffset > segment.baseOffset }) else { break }
            start = next.baseOffset
        }
        return LogReadResult(batches: [], highWatermark: highWatermark, logStartOffset: logStartOffset)
    }

    /// The segment whose offsets include `offset`: the last one starting at or before it.
    func segment(containing offset: Int64) -> LogSegment? {
        var low = 0
        var high = segments.count
        while low < high {
            let middle = (low + high) / 2
            if segments[middle].baseOffset <= offset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : segments[low - 1]
    }

    private func readBatches(
        from offset: Int64, in segment: LogSegment, sealer: any BatchSealer, maxBytes: Int
    ) throws(LogError) -> [ByteBuffer] {
        if let range = segment.unreadableRange(containing: offset) {
            throw corruptBatch(range.offsets)
        }
        guard offset < segment.nextOffset else { return [] }
        var batches: [ByteBuffer] = []
        var total = 0
        var position = segment.offsetIndex.startPosition(for: segment.relative(offset))
        while position < segment.size {
            if let range = segment.unreadableRange(startingAt: position) {
                // Its offsets are all below `offset` (checked above) or it holds a misplaced entry; a result ends before it.
                if !batches.isEmpty { break }
                position = range.positions.upperBound
                continue
            }
            guard let header = try segment.header(at: position) else {
                if !batches.isEmpty { break }
                throw reportDamage(in: segment, at: position, length: 0, offsets: offset..<(offset + 1), "entry header garbled since recovery")
            }
            guard header.baseOffset < highWatermark else { break }
            if header.lastOffset < offset {
                position += header.entryLength
                continue
            }
            let length = Int(header.sealedLength) - sealer.overhead
            if !batches.isEmpty && total + length > maxBytes { break }
            let offsets = header.baseOffset..<header.nextOffset
            guard let sealed = try segment.sealedBatch(of: header, at: position) else {
                if !batches.isEmpty { break }
                throw reportDamage(in: segment, at: position, length: header.entryLength, offsets: offsets, "entry cut short since recovery")
            }
            var plaintext = ByteBuffer()
            plaintext.reserveCapacity(length)
            do {
                try sealer.open(
                    sealed, authenticating: SegmentIdentity.associatedData(topic: topic, partition: partition, header: header),
                    appendingTo: &plaintext
                )
            } catch {
                if !batches.isEmpty { break }
                throw reportDamage(in: segment, at: position, length: header.entryLength, offsets: offsets, "batch failed authentication")
            }
            batches.append(plaintext)
            total += plaintext.readableBytes
            position += header.entryLength
            if total >= maxBytes { break }
        }
        return batches
    }

    /// Records damage found while reading so it is never served, logs it,
    /// and returns the error for the reader.
    func reportDamage(
        in segment: LogSegment, at position: Int, length: Int, offsets: Range<Int64>, _ reason: String
    ) -> LogError {
        segment.markUnreadable(UnreadableRange(positions: position..<(position + length), offsets: offsets, reason: reason))
        logger.error("segment data will not be served", metadata: [
            "topic": "\(topic)", "partition": "\(partition)", "segment": "\(segment.baseOffset)",
            "offsets": "\(offsets)", "reason": "\(reason)",
        ])
        return corruptBatch(offsets)
    }

    func corruptBatch(_ offsets: Range<Int64>) -> LogError {
        .corruptBatch(topic: topic, partition: partition, baseOffset: offsets.lowerBound, lastOffset: offsets.upperBound - 1)
    }
}
