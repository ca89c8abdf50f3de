import NIOCore

/// A segment's sparse offset index (`.index`): entries of 8 bytes, a batch's
/// base offset relative to the segment's (UInt32) and the file position of
/// its entry in the `.log` (UInt32), big-endian, in increasing order. One
/// entry follows every `index.interval.bytes` of log, so finding an offset
/// reads at most that many bytes of headers after a binary search.
/// Offsets and positions are not record content.
struct OffsetIndex: Hashable, Sendable {
    static let entryLength = 8

    struct Entry: Hashable, Sendable {
        var relativeOffset: UInt32
        var position: UInt32
    }

    private(set) var entries: [Entry] = []

    /// Where to start reading headers to find the batch holding `relativeOffset`:
    /// the last indexed batch at or before it, or the start of the segment.
    func startPosition(for relativeOffset: UInt32) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].relativeOffset <= relativeOffset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? 0 : Int(entries[low - 1].position)
    }

    mutating func append(_ entry: Entry) {
        entries.append(entry)
    }

    static func encode(_ entry: Entry, into buffer: inout ByteBuffer) {
        buffer.writeInteger(entry.relativeOffset)
        buffer.writeInteger(entry.position)
    }

    /// The index stored in `bytes`, or nil unless it is whole entries,
    /// strictly increasing in offset and position, with every position inside
    /// a log of `logSize` bytes and every offset below `offsetSpan`.
    static func decode(_ bytes: ByteBuffer, logSize: Int, offsetSpan: Int64) -> OffsetIndex? {
        guard bytes.readableBytes % entryLength == 0 else { return nil }
        var input = bytes
        var index = OffsetIndex()
        index.entries.reserveCapacity(bytes.readableBytes / entryLength)
        while let relativeOffset = input.readInteger(as: UInt32.self), let position = input.readInteger(as: UInt32.self) {
            if let last = index.entries.last, relativeOffset <= last.relativeOffset || position <= last.position { return nil }
            guard Int(position) < logSize, Int64(relativeOffset) < offsetSpan else { return nil }
            index.entries.append(Entry(relativeOffset: relativeOffset, position: position))
        }
        return index
    }
}
