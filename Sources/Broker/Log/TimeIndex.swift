import NIOCore

/// A segment's time index (`.timeindex`): entries of 12 bytes, the largest
/// batch timestamp seen so far in the segment (Int64) and the relative
/// offset (UInt32) of the batch that first reached it, big-endian. Entries
/// are added with the offset index's and once more when the segment is
/// rolled, so the last entry holds the segment's largest timestamp.
/// Timestamps and offsets are not record content.
struct TimeIndex: Hashable, Sendable {
    static let entryLength = 12

    struct Entry: Hashable, Sendable {
        var timestamp: Int64
        var relativeOffset: UInt32
    }

    private(set) var entries: [Entry] = []

    var largestTimestamp: Int64? { entries.last?.timestamp }

    /// The relative offset to start looking for the first batch with a
    /// timestamp at or after `timestamp`: every batch before the one an entry
    /// names has a smaller largest timestamp than that entry's. Nil: the
    /// start of the segment.
    func startOffset(forTimestamp timestamp: Int64) -> UInt32? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].timestamp <= timestamp { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : entries[low - 1].relativeOffset
    }

    /// Adds an entry when `timestamp` is larger than the last one's; returns whether it did.
    mutating func appendIfLarger(_ entry: Entry) -> Bool {
        if let last = entries.last, entry.timestamp <= last.timestamp { return false }
        entries.append(entry)
        return true
    }

    static func encode(_ entry: Entry, into buffer: inout ByteBuffer) {
        buffer.writeInteger(entry.timestamp)
        buffer.writeInteger(entry.relativeOffset)
    }

    /// The index stored in `bytes`, or nil unless it is whole entries with
    /// increasing timestamps, non-decreasing offsets, every offset below `offsetSpan`.
    static func decode(_ bytes: ByteBuffer, offsetSpan: Int64) -> TimeIndex? {
        guard bytes.readableBytes % entryLength == 0 else { return nil }
        var input = bytes
        var index = TimeIndex()
        while let timestamp = input.readInteger(as: Int64.self), let relativeOffset = input.readInteger(as: UInt32.self) {
            if let last = index.entries.last, timestamp <= last.timestamp || relativeOffset < last.relativeOffset { return nil }
            guard Int64(relativeOffset) < offsetSpan else { return nil }
            index.entries.append(Entry(timestamp: timestamp, relativeOffset: relativeOffset))
        }
        return index
    }
}
