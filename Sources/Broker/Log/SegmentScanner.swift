import NIOCore

/// Recovery's reading of one segment, entry by entry: rebuilds its indexes
/// and offsets, authenticates each batch when the key is at hand, cuts a
/// torn tail and records what must never be served.
struct SegmentScanner {
    let segment: LogSegment
    /// Nil when the segment's key could not be had: structure is checked, batches are not authenticated.
    let sealer: (any BatchSealer)?
    /// The next segment's base offset, which this segment's entries stay below; nil for the last segment.
    var endOffset: Int64? = nil

    /// Scans the whole log and fills `report`; `producers` takes in every
    /// entry that is served.
    func scan(into report: inout RecoveryReport, producers: inout ProducerStateTable) throws(LogError) {
        segment.resetBeforeScan()
        var reader = SequentialLogReader(file: segment.log, fileSize: segment.size)
        var scratch = ByteBuffer()
        var position = 0
        var expected = segment.baseOffset

        scanning: while position < segment.size {
            guard let header = LogEntryHeader.parse(try reader.bytes(at: position, count: LogEntryHeader.length)) else {
                guard let next = try nextIntactEntry(after: position, expected: expected, reader: &reader) else {
                    break scanning
                }
                mark(position..<next.position, offsets: expected..<next.header.baseOffset, "garbled entry header", &report)
                position = next.position
                expected = next.header.baseOffset
                continue
            }
            guard position + header.entryLength <= segment.size else { break scanning }
            if !fitsSegment(header) {
                mark(position..<(position + header.entryLength), offsets: expected..<expected,
                     "entry at offsets \(header.baseOffset)...\(header.lastOffset), beyond the segment's offsets", &report)
                position += header.entryLength
                continue
            }
            if header.baseOffset < expected {
                mark(position..<(position + header.entryLength), offsets: expected..<expected,
                     "entry at offset \(header.baseOffset), already used in this segment", &report)
                position += header.entryLength
                continue
            }
            if header.baseOffset > expected {
                mark(position..<position, offsets: expected..<header.baseOffset, "offsets missing between entries", &report)
            }
            if let sealer {
                let sealed = try reader.bytes(at: position + LogEntryHeader.length, count: Int(header.sealedLength))
                let associatedData = SegmentIdentity.associatedData(
                    topic: segment.identity.topic, partition: segment.identity.partition, header: header
                )
                scratch.clear()
                do {
                    try sealer.open(sealed, authenticating: associatedData, appendingTo: &scratch)
                    producers.update(with: header)
                } catch {
                    mark(position..<(position + header.entryLength), offsets: header.baseOffset..<header.nextOffset,
                         "batch failed authentication", &report)
                }
            } else {
                producers.update(with: header)
            }
            segment.note(header, at: position)
            position += header.entryLength
            expected = header.nextOffset
        }

        if position < segment.size {
            report.truncations.append(.init(
                segmentBaseOffset: segment.baseOffset, position: position, removedBytes: segment.size - position
            ))
            try segment.truncate(to: position)
        }
        report.scannedSegments.append(segment.baseOffset)
    }

    /// After a garbled header: the first intact entry further on that fits
    /// in the file and continues the offsets, or nil when there is none and
    /// the garbled header is a torn tail.
    private func nextIntactEntry(
        after position: Int, expected: Int64, reader: inout SequentialLogReader
    ) throws(LogError) -> (position: Int, header: LogEntryHeader)? {
        var candidate = position
        while let marker = try reader.nextSyncMarker(after: candidate) {
            if let header = LogEntryHeader.parse(try reader.bytes(at: marker, count: LogEntryHeader.length)),
               header.baseOffset >= expected, fitsSegment(header), marker + header.entryLength <= segment.size {
                return (marker, header)
            }
            candidate = marker
        }
        return nil
    }

    /// Whether the entry's offsets lie within the segment's: within its relative
    /// offsets (the index stores them in 32 bits; appends roll a new segment
    /// before an offset would pass `Int32.max` past the base) and below the next
    /// segment's base. An entry beyond is damage.
    private func fitsSegment(_ header: LogEntryHeader) -> Bool {
        header.lastOffset - segment.baseOffset <= Int64(Int32.max) && header.lastOffset < endOffset ?? Int64.max
    }

    private func mark(_ positions: Range<Int>, offsets: Range<Int64>, _ reason: String, _ report: inout RecoveryReport) {
        segment.markUnreadable(UnreadableRange(positions: positions, offsets: offsets, reason: reason))
        report.unreadable.append(.init(segmentBaseOffset: segment.baseOffset, offsets: offsets, reason: reason))
    }
}
