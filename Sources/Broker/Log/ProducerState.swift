/// What the log knows of one idempotent producer, from the plaintext headers
/// of its batches: enough for the broker to check epochs and sequence
/// numbers (and answer a retried batch with its first offsets) across restarts.
public struct ProducerState: Hashable, Sendable, Codable {
    /// Kafka keeps the last five batches per producer: a producer has at most five in flight.
    public static let retainedBatchCount = 5

    public var producerEpoch: Int16
    /// The producer's most recent data batches in this partition, oldest first.
    public var recentBatches: [ProducerBatch]

    public init(producerEpoch: Int16, recentBatches: [ProducerBatch]) {
        self.producerEpoch = producerEpoch
        self.recentBatches = recentBatches
    }

    /// The sequence number of the producer's last record here; nil when
    /// only a transaction marker has been written under this epoch.
    public var lastSequence: Int32? { recentBatches.last?.lastSequence }
}

/// One batch of an idempotent producer: its sequence and offset ranges.
public struct ProducerBatch: Hashable, Sendable, Codable {
    public var firstSequence: Int32
    public var lastSequence: Int32
    public var firstOffset: Int64
    public var lastOffset: Int64
    public var maxTimestamp: Int64

    public init(firstSequence: Int32, lastSequence: Int32, firstOffset: Int64, lastOffset: Int64, maxTimestamp: Int64) {
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.maxTimestamp = maxTimestamp
    }
}

/// Every producer's state in one partition, updated batch by batch in offset order.
struct ProducerStateTable: Hashable, Sendable {
    private(set) var producers: [Int64: ProducerState] = [:]

    init(producers: [Int64: ProducerState] = [:]) {
        self.producers = producers
    }

    /// Takes in a batch's metadata. A newer epoch forgets the older epoch's
    /// batches; a control batch (transaction marker) moves the epoch only.
    mutating func update(with header: LogEntryHeader) {
        guard header.producerId >= 0 else { return }
        var state = producers[header.producerId] ?? ProducerState(producerEpoch: header.producerEpoch, recentBatches: [])
        if header.producerEpoch != state.producerEpoch {
            state = ProducerState(producerEpoch: header.producerEpoch, recentBatches: [])
        }
        if !header.isControl && header.baseSequence >= 0 {
            state.recentBatches.append(ProducerBatch(
                firstSequence: header.baseSequence,
                lastSequence: Self.sequence(header.baseSequence, plus: header.lastOffsetDelta),
                firstOffset: header.baseOffset,
                lastOffset: header.lastOffset,
                maxTimestamp: header.maxTimestamp
            ))
            if state.recentBatches.count > ProducerState.retainedBatchCount {
                state.recentBatches.removeFirst(state.recentBatches.count - ProducerState.retainedBatchCount)
            }
        }
        producers[header.producerId] = state
    }

    /// Forgets producers whose last batch lies before `logStartOffset` (its
    /// data is gone) or is older than `now - expirationMs`.
    mutating func removeExpired(logStartOffset: Int64, now: Int64, expirationMs: Int64) {
        producers = producers.filter { _, state in
            guard let last = state.recentBatches.last else { return true }
            // The timestamp is the producer's (or a file's): any Int64. An age too large
            // for Int64 is a timestamp far in the past (expired) or far in the future (not).
            let (age, overflow) = now.subtractingReportingOverflow(last.maxTimestamp)
            let expired = overflow ? last.maxTimestamp < now : age >= expirationMs
            return last.lastOffset >= logStartOffset && !expired
        }
    }

    /// Kafka's sequence arithmetic: sequences wrap from Int32.max to 0.
    static func sequence(_ base: Int32, plus delta: Int32) -> Int32 {
        base > Int32.max - delta ? delta - (Int32.max - base) - 1 : base + delta
    }
}
