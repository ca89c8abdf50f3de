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
            let entries = try entriesToServe(from: start, in: segment, overhead: sealer.overhead, maxBytes: maxBytes)
            if !entries.isEmpty {
                let (records, lengths) = try openEntries(entries, in: segment, sealer: sealer)
                return LogReadResult(records: records, batchLengths: lengths, highWatermark: highWatermark, logStartOffset: logStartOffset)
            }
            // Nothing at or after `start` in this segment: its successor starts after it.
            guard let next = segments.first(where: { $0.baseOffset > segment.baseOffset }) else { break }
            start = next.baseOffset
        }
        return LogReadResult(highWatermark: highWatermark, logStartOffset: logStartOffset)
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

    /// The entries a read from `offset` serves, from their headers alone:
    /// consecutive in the file, the first holding `offset`.
    private func entriesToServe(
        from offset: Int64, in segment: LogSegment, overhead: Int, maxBytes: Int
    ) throws(LogError) -> [(header: LogEntryHeader, position: Int)] {
        if let range = segment.unreadableRange(containing: offset) {
            throw corruptBatch(range.offsets)
        }
        guard offset < segment.nextOffset else { return [] }
        var entries: [(header: LogEntryHeader, position: Int)] = []
        var total = 0
        var position = segment.offsetIndex.startPosition(for: segment.relative(offset))
        while position < segment.size {
            if let range = segment.unreadableRange(startingAt: position) {
                // Its offsets are all below `offset` (checked above) or it holds a misplaced entry; a result ends before it.
                if !entries.isEmpty { break }
                position = range.positions.upperBound
                continue
            }
            guard let header = try segment.header(at: position) else {
                if !entries.isEmpty { break }
                throw reportDamage(in: segment, at: position, length: 0, offsets: offset..<(offset + 1), "entry header garbled since recovery")
            }
            guard header.baseOffset < highWatermark else { break }
            if header.lastOffset < offset {
                position += header.entryLength
                continue
            }
            // Offsets only grow within a segment. An entry that does not follow the one before
            // (an authentic entry copied to a later place in a closed segment, which recovery
            // trusts without a scan) ends the result rather than serve offsets twice.
            if let previous = entries.last, header.baseOffset < previous.header.nextOffset { break }
            let length = Int(header.sealedLength) - overhead
            if !entries.isEmpty && total + length > maxBytes { break }
            guard position + header.entryLength <= segment.size else {
                if !entries.isEmpty { break }
                throw reportDamage(in: segment, at: position, length: header.entryLength, offsets: header.baseOffset..<header.nextOffset,
                                   "entry cut short since recovery")
            }
            entries.append((header, position))
            total += length
            position += header.entryLength
            if total >= maxBytes { break }
        }
        return entries
    }

    /// Opens the batches of `entries` back to back into one buffer, sized
    /// once: no buffer per batch, and the result is a fetch response's
    /// records as they are. The entries are read a megabyte at a time, so a
    /// batch is opened while its bytes are still in the cache. A batch that
    /// fails to open ends the result before it, unless it is the first.
    private func openEntries(
        _ entries: [(header: LogEntryHeader, position: Int)], in segment: LogSegment, sealer: any BatchSealer
    ) throws(LogError) -> (records: ByteBuffer, batchLengths: [Int]) {
        let end = entries[entries.count - 1].position + entries[entries.count - 1].header.entryLength
        var reader = SequentialLogReader(file: segment.log, fileSize: end)
        var records = ByteBuffer()
        records.reserveCapacity(entries.reduce(0) { $0 + Int($1.header.sealedLength) - sealer.overhead })
        var lengths: [Int] = []
        for (header, position) in entries {
            let offsets = header.baseOffset..<header.nextOffset
            let sealed = try reader.bytes(at: position + LogEntryHeader.length, count: Int(header.sealedLength))
            guard sealed.readableBytes == Int(header.sealedLength) else {
                if !lengths.isEmpty { break }
                throw reportDamage(in: segment, at: position, length: header.entryLength, offsets: offsets, "entry cut short since recovery")
            }
            let before = records.writerIndex
            do {
                try sealer.open(
                    sealed, authenticating: SegmentIdentity.associatedData(topic: topic, partition: partition, header: header),
                    appendingTo: &records
                )
            } catch {
                if !lengths.isEmpty { break }
                throw reportDamage(in: segment, at: position, length: header.entryLength, offsets: offsets, "batch failed authentication")
            }
            lengths.append(records.writerIndex - before)
        }
        return (records, lengths)
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
