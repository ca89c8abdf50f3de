import Logging

/// Opening a partition directory: rebuilds the log's state from its files.
///
/// Every segment but the last was made durable, indexes included, before
/// its successor was created, so those are trusted after a consistency
/// check of their indexes; the last segment, and any whose index fails the
/// check, is scanned entry by entry (`SegmentScanner`).
struct LogRecovery {
    let directory: String
    let topic: String
    let partition: Int32
    let configuration: LogConfiguration
    let cipher: any SegmentCipher
    let logger: Logger
    let now: Int64

    struct Outcome {
        var lock: PartitionDirectoryLock
        var segments: [LogSegment]
        var producers: ProducerStateTable
        var report: RecoveryReport
    }

    func recover() async throws(LogError) -> Outcome {
        var report = RecoveryReport(topic: topic, partition: partition)
        try LogDirectoryFiles.create(directory)
        let lock = try PartitionDirectoryLock.acquire(directory)
        var segments = try openSegments(&report)

        // A last segment that never received a batch and has no key is a roll interrupted by a crash.
        if let last = segments.last, last.isEmpty, !exists(last, .key) {
            try remove(last, &report)
            segments.removeLast()
        }

        for (index, segment) in segments.enumerated() {
            segment.keyFile = readKeyFile(of: segment, &report)
            if segment.keyFile == nil && !segment.isEmpty && !exists(segment, .key) {
                report.notes.append(.init(segmentBaseOffset: segment.baseOffset, message: "the segment has no .key file"))
            }
            guard index < segments.count - 1 else { break }
            if try !segment.loadIndexes(endOffset: segments[index + 1].baseOffset) {
                report.notes.append(.init(segmentBaseOffset: segment.baseOffset, message: "index missing or inconsistent; rebuilt by a scan"))
                var discarded = ProducerStateTable()
                var rebuild = try await scanner(for: segment, &report)
                rebuild.endOffset = segments[index + 1].baseOffset
                try rebuild.scan(into: &report, producers: &discarded)
                let indexes = segment.indexFileContents()
                try SegmentFinish.replace(segment.path(.index), with: indexes.offsets)
                try SegmentFinish.replace(segment.path(.timeindex), with: indexes.times)
            }
        }

        var producers = ProducerStateTable()
        if let last = segments.last {
            producers = try producerStateBefore(last, earlier: segments.dropLast(), &report)
            try await scanner(for: last, &report).scan(into: &report, producers: &producers)
            // What a killed process left in the page cache is on disk only once synced.
            try last.log.synchronize()
            try removeSnapshots(except: last.baseOffset)
        }

        report.logStartOffset = segments.first?.baseOffset ?? 0
        report.logEndOffset = segments.last?.nextOffset ?? 0
        producers.removeExpired(
            logStartOffset: report.logStartOffset, now: now, expirationMs: configuration.producerIdExpirationMs
        )
        report.producerStates = producers.producers
        log(report)
        return Outcome(lock: lock, segments: segments, producers: producers, report: report)
    }

    /// The segments with a `.log`, in offset order; leftovers of
    /// interrupted writes and files of segments without a `.log` are removed.
    private func openSegments(_ report: inout RecoveryReport) throws(LogError) -> [LogSegment] {
        var kindsByBase: [Int64: Set<SegmentFileKind>] = [:]
        for name in try LogDirectoryFiles.names(in: directory) {
            if name.hasSuffix(".tmp") {
                try LogDirectoryFiles.remove(directory + "/" + name)
            } else if let (base, kind) = LogLayout.parseFileName(name) {
                kindsByBase[base, default: []].insert(kind)
            }
        }
        var segments: [LogSegment] = []
        for (base, kinds) in kindsByBase.sorted(by: { $0.key < $1.key }) {
            guard kinds.contains(.log) else {
                for kind in kinds where kind != .snapshot {
                    try LogDirectoryFiles.remove(directory + "/" + LogLayout.fileName(base, kind))
                    report.notes.append(.init(segmentBaseOffset: base, message: "removed .\(kind.rawValue) of a segment without a .log"))
                }
                continue
            }
            let identity = SegmentIdentity(topic: topic, partition: partition, baseOffset: base)
            segments.append(try LogSegment.open(identity, in: directory, indexIntervalBytes: configuration.indexIntervalBytes, now: now))
        }
        return segments
    }

    private func readKeyFile(of segment: LogSegment, _ report: inout RecoveryReport) -> SegmentKeyFile? {
        guard exists(segment, .key) else { return nil }
        do {
            return try SegmentKeyFile.read(from: segment.path(.key))
        } catch {
            report.notes.append(.init(segmentBaseOffset: segment.baseOffset, message: "\(error)"))
            return nil
        }
    }

    /// A scanner with the segment's key when it can be had; without it the
    /// batches are checked for structure only, and the report says so.
    private func scanner(for segment: LogSegment, _ report: inout RecoveryReport) async throws(LogError) -> SegmentScanner {
        do {
            let sealer = try await cipher.sealer(for: segment.identity, keyFile: segment.keyFile, sealsAlreadyMade: 0)
            return SegmentScanner(segment: segment, sealer: sealer)
        } catch {
            guard !segment.isEmpty else { return SegmentScanner(segment: segment, sealer: nil) }
            report.notes.append(.init(
                segmentBaseOffset: segment.baseOffset, message: "batches not authenticated, the key is unavailable: \(error)"
            ))
            return SegmentScanner(segment: segment, sealer: nil)
        }
    }

    /// The producer state at the start of `last`: its snapshot, or, without
    /// one, the headers of every earlier segment read in order.
    private func producerStateBefore(
        _ last: LogSegment, earlier: ArraySlice<LogSegment>, _ report: inout RecoveryReport
    ) throws(LogError) -> ProducerStateTable {
        if let table = ProducerSnapshotFile.read(from: last.path(.snapshot), offset: last.baseOffset) { return table }
        var table = ProducerStateTable()
        guard !earlier.isEmpty else { return table }
        report.notes.append(.init(segmentBaseOffset: last.baseOffset, message: "no producer snapshot; read the headers of every segment"))
        for segment in earlier {
            var position = 0
            while position < segment.size, let header = try segment.header(at: position) {
                table.update(with: header)
                position += header.entryLength
            }
        }
        return table
    }

    private func removeSnapshots(except baseOffset: Int64) throws(LogError) {
        for name in try LogDirectoryFiles.names(in: directory) {
            guard let (base, kind) = LogLayout.parseFileName(name), kind == .snapshot, base != baseOffset else { continue }
            try LogDirectoryFiles.remove(directory + "/" + name)
        }
    }

    private func remove(_ segment: LogSegment, _ report: inout RecoveryReport) throws(LogError) {
        for kind in [SegmentFileKind.log, .index, .timeindex, .key] {
            try LogDirectoryFiles.remove(segment.path(kind))
        }
        report.notes.append(.init(segmentBaseOffset: segment.baseOffset, message: "removed an empty segment without a key"))
    }

    private func exists(_ segment: LogSegment, _ kind: SegmentFileKind) -> Bool {
        LogDirectoryFiles.exists(segment.path(kind))
    }

    private func log(_ report: RecoveryReport) {
        let metadata: Logger.Metadata = ["topic": "\(topic)", "partition": "\(partition)"]
        for item in report.unreadable {
            logger.error(
                "segment data will not be served",
                metadata: metadata.merging([
                    "segment": "\(item.segmentBaseOffset)", "offsets": "\(item.offsets)", "reason": "\(item.reason)",
                ]) { $1 }
            )
        }
        for truncation in report.truncations {
            logger.warning(
                "cut a torn tail",
                metadata: metadata.merging([
                    "segment": "\(truncation.segmentBaseOffset)", "position": "\(truncation.position)",
                    "bytes": "\(truncation.removedBytes)",
                ]) { $1 }
            )
        }
        for note in report.notes {
            logger.notice("\(note.message)", metadata: metadata.merging(["segment": "\(note.segmentBaseOffset)"]) { $1 })
        }
    }
}
