import NIOCore

/// One segment of a partition log: its `.log` of entries and the in-memory
/// copies of its indexes. Confined to the `PartitionLog` actor.
final class LogSegment {
    let identity: SegmentIdentity
    let directory: String
    let log: LogFile
    /// The `.key` sidecar as read or written; nil when the segment has none.
    var keyFile: SegmentKeyFile?
    /// When this process opened or created the segment (ms), the roll clock
    /// for segments whose batches carry no timestamps.
    let openedAt: Int64

    private(set) var size: Int
    private(set) var nextOffset: Int64
    private(set) var entryCount = 0
    private(set) var offsetIndex = OffsetIndex()
    private(set) var timeIndex = TimeIndex()
    /// The largest batch timestamp in the segment; -1 when none has one.
    private(set) var largestTimestamp: Int64 = -1
    private var offsetOfLargestTimestamp: Int64
    /// The first batch's largest timestamp, which `segment.ms` counts from.
    private(set) var firstBatchTimestamp: Int64?
    private(set) var unreadable: [UnreadableRange] = []

    private let indexIntervalBytes: Int
    private var bytesSinceLastIndexEntry = 0

    var baseOffset: Int64 { identity.baseOffset }
    var isEmpty: Bool { size == 0 }

    private init(identity: SegmentIdentity, directory: String, log: LogFile, size: Int, indexIntervalBytes: Int, openedAt: Int64) {
        self.identity = identity
        self.directory = directory
        self.log = log
        self.size = size
        self.nextOffset = identity.baseOffset
        self.offsetOfLargestTimestamp = identity.baseOffset
        self.indexIntervalBytes = indexIntervalBytes
        self.openedAt = openedAt
    }

    func path(_ kind: SegmentFileKind) -> String {
        directory + "/" + LogLayout.fileName(baseOffset, kind)
    }

    /// Creates the segment's empty `.log` (the caller writes the `.key`
    /// first and syncs the directory after). Its indexes live in memory
    /// while it is active and are written when it is rolled: until then a
    /// recovery scan rebuilds them anyway.
    static func create(
        _ identity: SegmentIdentity, in directory: String, indexIntervalBytes: Int, now: Int64
    ) throws(LogError) -> LogSegment {
        let log = try LogFile.open(directory + "/" + LogLayout.fileName(identity.baseOffset, .log), create: true, truncate: true)
        return LogSegment(identity: identity, directory: directory, log: log, size: 0, indexIntervalBytes: indexIntervalBytes, openedAt: now)
    }

    /// Opens an existing segment's `.log`; its indexes come from `loadIndexes` or a recovery scan.
    static func open(
        _ identity: SegmentIdentity, in directory: String, indexIntervalBytes: Int, now: Int64
    ) throws(LogError) -> LogSegment {
        let log = try LogFile.open(directory + "/" + LogLayout.fileName(identity.baseOffset, .log))
        return LogSegment(
            identity: identity, directory: directory, log: log, size: try log.size(),
            indexIntervalBytes: indexIntervalBytes, openedAt: now
        )
    }

    // MARK: Appending

    /// Writes `entries` (whole entries, whose headers are given with their
    /// positions within `entries`) at the end of the log and indexes them.
    /// On a failed write the log is cut back to where it was.
    func append(_ entries: ByteBuffer, headers: [(header: LogEntryHeader, position: Int)]) throws(LogError) {
        do {
            try log.write(entries, at: size)
        } catch {
            try? log.truncate(to: size)
            throw error
        }
        let start = size
        size += entries.readableBytes
        for (header, position) in headers {
            note(header, at: start + position)
        }
    }

    /// Takes in the entry at `position` (appended, or found by a recovery
    /// scan): offsets, timestamps, and an index entry every `index.interval.bytes`.
    func note(_ header: LogEntryHeader, at position: Int) {
        if firstBatchTimestamp == nil { firstBatchTimestamp = header.maxTimestamp }
        if header.maxTimestamp > largestTimestamp {
            largestTimestamp = header.maxTimestamp
            offsetOfLargestTimestamp = header.baseOffset
        }
        if bytesSinceLastIndexEntry > indexIntervalBytes {
            offsetIndex.append(OffsetIndex.Entry(relativeOffset: relative(header.baseOffset), position: UInt32(position)))
            appendTimeIndexEntry()
            bytesSinceLastIndexEntry = 0
        }
        bytesSinceLastIndexEntry += header.entryLength
        nextOffset = header.nextOffset
        entryCount += 1
    }

    /// Adds the largest timestamp so far to the time index when it grew.
    private func appendTimeIndexEntry() {
        guard largestTimestamp >= 0 else { return }
        _ = timeIndex.appendIfLarger(TimeIndex.Entry(timestamp: largestTimestamp, relativeOffset: relative(offsetOfLargestTimestamp)))
    }

    /// Ends appending: records the segment's largest timestamp in the time
    /// index and returns what the thread pool must write and sync before a
    /// successor segment may exist.
    func finishAppending() -> SegmentFinish {
        appendTimeIndexEntry()
        return SegmentFinish(log: log, indexPath: path(.index), timeIndexPath: path(.timeindex), indexes: indexFileContents())
    }

    func relative(_ offset: Int64) -> UInt32 {
        UInt32(offset - baseOffset)
    }

    // MARK: Loading and recovering

    /// Takes the stored indexes when they are consistent with a log of this
    /// size ending before `endOffset`, whose last indexed position holds the
    /// entry it claims. Returns false when they must be rebuilt.
    func loadIndexes(endOffset: Int64) throws(LogError) -> Bool {
        let span = endOffset - baseOffset
        guard span > 0, span <= Int64(UInt32.max),
              let offsets = try Self.readWhole(path(.index)).flatMap({ OffsetIndex.decode($0, logSize: size, offsetSpan: span) }),
              let times = try Self.readWhole(path(.timeindex)).flatMap({ TimeIndex.decode($0, offsetSpan: span) })
        else { return false }
        if let last = offsets.entries.last {
            guard let header = try header(at: Int(last.position)), header.baseOffset == baseOffset + Int64(last.relativeOffset),
                  Int(last.position) + header.entryLength <= size
            else { return false }
        }
        offsetIndex = offsets
        timeIndex = times
        largestTimestamp = times.largestTimestamp ?? -1
        nextOffset = endOffset
        return true
    }

    /// Forgets everything learned about the entries, before a recovery scan.
    func resetBeforeScan() {
        offsetIndex = OffsetIndex()
        timeIndex = TimeIndex()
        largestTimestamp = -1
        offsetOfLargestTimestamp = baseOffset
        firstBatchTimestamp = nil
        unreadable = []
        bytesSinceLastIndexEntry = 0
        nextOffset = baseOffset
        entryCount = 0
    }

    /// Cuts the log to `length` bytes (a torn tail) and makes that durable.
    func truncate(to length: Int) throws(LogError) {
        try log.truncate(to: length)
        try log.synchronize()
        size = length
    }

    /// The bytes of the `.index` and `.timeindex` files.
    func indexFileContents() -> (offsets: ByteBuffer, times: ByteBuffer) {
        var offsets = ByteBuffer()
        offsets.reserveCapacity(offsetIndex.entries.count * OffsetIndex.entryLength)
        offsetIndex.entries.forEach { OffsetIndex.encode($0, into: &offsets) }
        var times = ByteBuffer()
        times.reserveCapacity(timeIndex.entries.count * TimeIndex.entryLength)
        timeIndex.entries.forEach { TimeIndex.encode($0, into: &times) }
        return (offsets, times)
    }

    func markUnreadable(_ range: UnreadableRange) {
        if !unreadable.contains(range) { unreadable.append(range) }
    }

    // MARK: Reading

    /// The intact header at `position`, or nil when the bytes there are not one.
    func header(at position: Int) throws(LogError) -> LogEntryHeader? {
        LogEntryHeader.parse(try log.read(at: position, count: LogEntryHeader.length))
    }

    /// The sealed batch of the entry at `position`, or nil when the log ends before it does.
    func sealedBatch(of header: LogEntryHeader, at position: Int) throws(LogError) -> ByteBuffer? {
        guard position + header.entryLength <= size else { return nil }
        let bytes = try log.read(at: position + LogEntryHeader.length, count: Int(header.sealedLength))
        return bytes.readableBytes == Int(header.sealedLength) ? bytes : nil
    }

    /// The unreadable stretch that begins at `position`, if any.
    func unreadableRange(startingAt position: Int) -> UnreadableRange? {
        unreadable.first { !$0.positions.isEmpty && $0.positions.lowerBound == position }
    }

    /// The unreadable stretch whose offsets include `offset`, if any.
    func unreadableRange(containing offset: Int64) -> UnreadableRange? {
        unreadable.first { $0.offsets.contains(offset) }
    }

    /// The largest timestamp retention counts from: the records' own, or the
    /// file's modification time when no batch carries one.
    func retentionTimestamp() throws(LogError) -> Int64 {
        largestTimestamp >= 0 ? largestTimestamp : try log.modificationTime()
    }

    private static func readWhole(_ path: String) throws(LogError) -> ByteBuffer? {
        let file: LogFile
        do {
            file = try LogFile.open(path)
        } catch {
            return nil
        }
        return try file.read(at: 0, count: try file.size())
    }
}
