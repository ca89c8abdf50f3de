/// What opening a partition log found and did. A clean shutdown or a crash
/// that tore only unflushed bytes gives a report without `unreadable` items.
public struct RecoveryReport: Hashable, Sendable {
    /// Bytes cut from the end of a segment: an entry torn by a crash (its
    /// header or sealed batch incomplete, or a garbled header with no intact
    /// entry after it). Never data that was flushed.
    public struct Truncation: Hashable, Sendable {
        public var segmentBaseOffset: Int64
        public var position: Int
        public var removedBytes: Int

        public init(segmentBaseOffset: Int64, position: Int, removedBytes: Int) {
            self.segmentBaseOffset = segmentBaseOffset
            self.position = position
            self.removedBytes = removedBytes
        }
    }

    /// Offsets that are kept on disk but never served: a complete entry
    /// whose batch failed authentication, a garbled stretch between intact
    /// entries, offsets missing between entries, or an entry at an offset
    /// already used. Reading them throws `LogError.corruptBatch`.
    public struct Unreadable: Hashable, Sendable {
        public var segmentBaseOffset: Int64
        public var offsets: Range<Int64>
        public var reason: String

        public init(segmentBaseOffset: Int64, offsets: Range<Int64>, reason: String) {
            self.segmentBaseOffset = segmentBaseOffset
            self.offsets = offsets
            self.reason = reason
        }
    }

    /// Something recovery could not check or had to redo, e.g. a segment
    /// whose key could not be unwrapped (its batches were not authenticated)
    /// or whose index was rebuilt.
    public struct Note: Hashable, Sendable {
        public var segmentBaseOffset: Int64
        public var message: String

        public init(segmentBaseOffset: Int64, message: String) {
            self.segmentBaseOffset = segmentBaseOffset
            self.message = message
        }
    }

    public var topic: String
    public var partition: Int32
    /// The segments read entry by entry (the active one and any with a missing or inconsistent index).
    public var scannedSegments: [Int64] = []
    public var truncations: [Truncation] = []
    public var unreadable: [Unreadable] = []
    public var notes: [Note] = []
    /// Per producer id, from the producer snapshot and the entry headers.
    public var producerStates: [Int64: ProducerState] = [:]
    public var logStartOffset: Int64 = 0
    public var logEndOffset: Int64 = 0
}
