import Foundation
import KeyManagement
import Logging
import Observability
import SecretHandling

/// The decision log, open for writing: the gateway's one handle on it.
///
///     let audit = try await AuditLog.open(directory: AuditDirectory(dataDirectory: dataDir),
///                                         configuration: settings.audit, keyService: kms, logger: logger)
///     guard !audit.refusesRequests else { /* refuse: audit.failureReason says why */ }
///     if audit.append(.authorization(…)) == .refused, audit.configuration.failurePolicy == .failClosed { /* refuse */ }
///     …
///     await audit.close()
///
/// `append` only queues: a dedicated thread chains, writes and fsyncs in
/// batches, so the caller never waits for the disk.
public final class AuditLog: Sendable {
    public let directory: AuditDirectory
    public let configuration: AuditConfiguration
    private let queue: AuditQueue
    private let health: AuditWriterHealth
    private let finished = CompletionSignal()

    /// Opens the log in `directory` (created when missing), continuing the
    /// chain of what is there, and starts the writer thread. The checkpoint
    /// key is unwrapped by `keyService`, or made under `configuration.keyId`
    /// for a new log.
    ///
    /// Refuses (`.refusedToContinue`) a log that contradicts its head file or
    /// has lost its key, rather than append to it and hide that.
    ///
    /// `metrics` counts failed writes and, at each scrape, shows the lag: how
    /// long the oldest record accepted and not yet written (and synced, at the
    /// default durability) has waited.
    public static func open(
        directory: AuditDirectory, configuration: AuditConfiguration, keyService: any KeyService, logger: Logger,
        metrics: PortcullisMetrics = .off
    ) async throws(AuditLogError) -> AuditLog {
        do {
            try SecureFile.makeDirectories(directory.path)
        } catch {
            throw .file(error)
        }
        let lock = try AuditWriterLock(directory)
        let resumption = try AuditLogResumption.find(in: directory)
        let authenticator = try await CheckpointKeyFile.loadOrCreate(
            in: directory, keyId: configuration.keyId, keyService: keyService, logIsNew: resumption.isEmpty
        )
        try AuditHeadCheck.check(directory, against: resumption, authenticator: authenticator)
        let appender: AuditFileAppender
        do {
            appender = try AuditFileAppender.open(resumption.file, keeping: resumption.size)
        } catch {
            throw .file(error)
        }
        if resumption.tornByteCount > 0 {
            logger.warning(
                "the last line of the audit log was incomplete (a write cut short by a crash) and was removed",
                metadata: ["file": "\(resumption.file.name)", "bytes": "\(resumption.tornByteCount)"]
            )
        }
        let log = AuditLog(directory: directory, configuration: configuration)
        let writer = AuditWriter(
            directory: directory, configuration: configuration, authenticator: authenticator, queue: log.queue,
            health: log.health, logger: logger, lock: lock, appender: appender, resumption: resumption,
            metrics: metrics
        )
        let finished = log.finished
        let thread = Thread {
            // Named from inside: on Linux, Foundation names only the current thread (what top -H and perf show).
            Thread.current.name = "audit-writer"
            writer.run()
            finished.signal()
        }
        thread.start()
        if metrics.decisionLogLag.isEnabled {
            // Weak: the metrics outlive the log; a log gone has nothing waiting.
            metrics.beforeEachScrape { [weak queue = log.queue] metrics in
                let since = queue?.oldestOutstandingSince
                metrics.decisionLogLag.set(to: since.map { $0.duration(to: .now).seconds } ?? 0)
            }
        }
        logger.info("audit log open", metadata: ["directory": "\(directory.path)", "file": "\(resumption.file.name)", "next-seq": "\(resumption.chain.nextSeq)"])
        return log
    }

    private init(directory: AuditDirectory, configuration: AuditConfiguration) {
        self.directory = directory
        self.configuration = configuration
        queue = AuditQueue(capacity: configuration.queueCapacity)
        health = AuditWriterHealth()
    }

    /// A log dropped without `close()` still has its records written and its thread ended.
    deinit {
        queue.close(deadline: .now + .seconds(5))
    }

    /// Hands `event` to the writer without waiting. `.refused` when
    /// `configuration.queueCapacity` records are already waiting (the disk is
    /// failing or slow) or the log is closed: the record is not logged, only
    /// counted in the next checkpoint's `dropped`. Under fail-closed the
    /// caller refuses what it was about to allow.
    @discardableResult
    public func append(_ event: AuditEvent) -> AuditAppendResult {
        queue.enqueue(event) ? .accepted : .refused
    }

    /// Whether records are being written: false while the disk refuses them
    /// or the queue is full. One atomic load each; fine on an event loop.
    public var isHealthy: Bool { !health.isFailing && !queue.isSaturated }

    /// What the gateway should do for each new request: refuse it when the
    /// log cannot be written and the policy is fail-closed.
    public var refusesRequests: Bool { configuration.failurePolicy == .failClosed && !isHealthy }

    /// Why the log is not healthy, for the error a refused client or operator sees.
    public var failureReason: String? {
        if let reason = health.failureReason { return "the audit log cannot be written: \(reason)" }
        if queue.isSaturated { return "the audit log is not keeping up: \(queue.capacity) records are waiting to be written" }
        return nil
    }

    /// Writes what was accepted, a last checkpoint and the head file, and
    /// stops the writer. While writes fail it keeps trying until `timeout`,
    /// then gives up and says in the service log how many records were lost.
    public func close(timeout: Duration = .seconds(5)) async {
        queue.close(deadline: .now + timeout)
        await finished.wait()
    }
}

public enum AuditAppendResult: Sendable {
    case accepted
    case refused
}
