import Logging
import Observability
import SecretHandling

/// The writer thread's work: takes batches from the queue, chains and
/// encodes them, writes each batch with one write (and one fsync), seals the
/// chain with checkpoints, rotates files, and keeps and retries what the disk
/// refuses. Its state belongs to that one thread.
final class AuditWriter: @unchecked Sendable {
    /// Records per batch at most, so that a burst does not make one huge write (or push a file far past its size).
    static let batchLimit = 4_096

    private let directory: AuditDirectory
    private let configuration: AuditConfiguration
    private let authenticator: CheckpointAuthenticator
    private let queue: AuditQueue
    private let health: AuditWriterHealth
    private let logger: Logger
    private let lock: AuditWriterLock
    private let metrics: PortcullisMetrics

    private var appender: AuditFileAppender
    private var chain: AuditChain
    /// Lines chained but not yet written; the checkpoint, if any, is last.
    private var pending: [UInt8] = []
    private var pendingEvents = 0
    /// The checkpoint that ends `pending`, if one does.
    private var pendingCheckpoint: [UInt8]?
    /// The latest checkpoint written to the log but not yet to `head.json`.
    private var headLine: [UInt8]?
    private var fileEndsWithCheckpoint: Bool
    /// Whether the next record would take the file past its size: it goes into the next file.
    private var fileIsFull = false
    /// The records being chained; its storage goes back and forth with the queue's.
    private var batch: [AuditEvent] = []
    /// When the oldest record no checkpoint covers yet was chained.
    private var uncoveredSince: ContinuousClock.Instant?

    init(
        directory: AuditDirectory, configuration: AuditConfiguration, authenticator: CheckpointAuthenticator,
        queue: AuditQueue, health: AuditWriterHealth, logger: Logger, lock: AuditWriterLock,
        appender: AuditFileAppender, resumption: AuditLogResumption, metrics: PortcullisMetrics
    ) {
        self.directory = directory
        self.configuration = configuration
        self.authenticator = authenticator
        self.queue = queue
        self.health = health
        self.logger = logger
        self.lock = lock
        self.metrics = metrics
        self.appender = appender
        chain = resumption.chain
        fileEndsWithCheckpoint = resumption.lastRecordIsCheckpoint || resumption.isEmpty
        // A log that did not end with a checkpoint (the process died) gets one soon.
        uncoveredSince = fileEndsWithCheckpoint ? nil : .now
    }

    /// Runs until the log is closed and everything is written, or the closing
    /// deadline passes; then lets another writer have the directory.
    func run() {
        defer { lock.release() }
        while true {
            do throws(SecureFileError) {
                try writePending()
                try writeHead()
                if fileIsFull || appender.size >= configuration.maximumFileBytes {
                    if fileEndsWithCheckpoint {
                        try rotate()
                    } else {
                        addCheckpoint(reason: "rotation")
                        continue
                    }
                }
                if health.recover() { logger.notice("the audit log is being written again") }
            } catch {
                reportFailure(error)
                if let deadline = queue.closedDeadline, ContinuousClock.now >= deadline {
                    giveUp(error)
                    return
                }
                queue.pause(for: configuration.retryInterval)
                continue
            }
            let taken = queue.take(upTo: Self.batchLimit, into: &batch, waitingUntil: uncoveredSince.map { $0 + configuration.checkpointInterval })
            chainUntilTheFileIsFull(batch)
            // Refusals alone need a checkpoint too: it is where they are counted.
            if uncoveredSince == nil, queue.refusedCount > 0 { uncoveredSince = .now }
            // A full file gets its checkpoint as it is closed, at the top of the loop.
            let drained = taken.closing && taken.left == 0 && !fileIsFull
            if !fileIsFull, let since = uncoveredSince, drained || ContinuousClock.now >= since + configuration.checkpointInterval {
                addCheckpoint(reason: drained ? "shutdown" : nil)
            } else if drained, pending.isEmpty, headLine == nil {
                return
            }
        }
    }

    /// Chains `events` into `pending` while they fit in the file; the rest go
    /// back to the front of the queue, for the next file. An empty file takes
    /// one record whatever its size.
    private func chainUntilTheFileIsFull(_ events: [AuditEvent]) {
        for (index, event) in events.enumerated() {
            var extended = chain
            let line = extended.append(event)
            let used = appender.size + pending.count
            guard used == 0 || used + line.count + 1 <= configuration.maximumFileBytes else {
                queue.putBack(events[index...])
                fileIsFull = true
                return
            }
            chain = extended
            pending += line
            pending.append(UInt8(ascii: "\n"))
            pendingEvents += 1
            uncoveredSince = uncoveredSince ?? .now
        }
    }

    /// Seals everything chained so far; it is written with the next write.
    private func addCheckpoint(reason: String?) {
        let dropped = queue.takeRefusedCount()
        let seq = chain.nextSeq
        let line = chain.appendCheckpoint(authenticator, time: .now(), dropped: dropped)
        pending += line
        pending.append(UInt8(ascii: "\n"))
        pendingCheckpoint = line
        uncoveredSince = nil
        if dropped > 0 {
            logger.warning("audit records were refused because the writer's queue was full", metadata: ["dropped": "\(dropped)", "checkpoint": "\(seq)"])
        }
        if let reason {
            // The service log is a copy of the chain's head outside the audit directory.
            logger.info("audit checkpoint", metadata: ["at": "\(reason)", "seq": "\(seq)", "sha256": "\(chain.head)"])
        }
    }

    private func writePending() throws(SecureFileError) {
        guard !pending.isEmpty else { return }
        let sync = configuration.durability == .fsyncEveryBatch || pendingCheckpoint != nil
        try appender.append(pending, sync: sync)
        queue.markWritten(pendingEvents)
        pending.removeAll(keepingCapacity: true)
        pendingEvents = 0
        fileEndsWithCheckpoint = pendingCheckpoint != nil
        if let checkpoint = pendingCheckpoint {
            headLine = checkpoint
            pendingCheckpoint = nil
        }
    }

    private func writeHead() throws(SecureFileError) {
        guard let line = headLine else { return }
        try AuditHeadFile.replace(directory, with: line)
        headLine = nil
    }

    private func rotate() throws(SecureFileError) {
        let next = directory.decisionFile(appender.file.number + 1)
        appender = try AuditFileAppender.open(next, keeping: nil)
        fileEndsWithCheckpoint = appender.size == 0
        fileIsFull = false
        logger.info("audit log rotated", metadata: ["file": "\(next.name)"])
    }

    /// Counts every failed attempt; says so in the service log once per run of failures.
    private func reportFailure(_ error: SecureFileError) {
        metrics.decisionLogWriteFailures.increment()
        let kept = pendingEvents
        guard health.fail("\(error)") else { return }
        let consequence = switch configuration.failurePolicy {
        case .failClosed: "new requests are refused until it can be written (audit.failure.policy=fail-closed)"
        case .failOpen: "requests are still served (audit.failure.policy=fail-open)"
        }
        logger.error(
            "the audit log cannot be written: \(error); \(consequence). Records already accepted are kept and written when the disk allows, up to audit.queue.max.records (\(configuration.queueCapacity)); beyond that they are refused and counted",
            metadata: ["kept": "\(kept)", "retry": "\(configuration.retryInterval)"]
        )
    }

    private func giveUp(_ error: SecureFileError) {
        logger.critical(
            "the audit log was closed with records that could not be written; they are lost",
            metadata: ["lost": "\(queue.outstandingCount)", "error": "\(error)"]
        )
    }
}
