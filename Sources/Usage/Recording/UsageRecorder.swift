import Dispatch
import Foundation
import Logging
import Synchronization

/// Meters traffic and storage into the usage journal.
///
/// `record` and `sample` only add to a dictionary under a lock, on the
/// caller's thread; a thread of the recorder's own appends what changed to the
/// journal every `flushInterval`, as deltas with one fsync, and on `close`.
/// Memory holds the keys changed since the last flush, no more.
public final class UsageRecorder: Sendable {
    private let pending = Mutex(PendingUsage())
    /// Serialises flushes: the timer's and those of `flush()` and `close()`. Nil once closed.
    private let journal: Mutex<UsageJournal?>
    private let closed = Mutex(false)
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let logger: Logger

    /// Opens the journal in `directory` (`<data-dir>/usage` for the gateway) and starts flushing.
    public init(directory: UsageDirectory, flushInterval: Duration = .seconds(10), logger: Logger) throws(UsageJournalError) {
        let journal = try UsageJournal(directory: directory)
        if journal.tornByteCountCut > 0 {
            logger.warning("cut a torn last line off the usage journal", metadata: ["bytes": "\(journal.tornByteCountCut)"])
        }
        self.journal = Mutex(journal)
        self.logger = logger
        // The thread holds the recorder weakly: one dropped without `close` stops
        // flushing and releases the journal, losing what was not flushed, as a kill would.
        let wakeup = self.wakeup, stopped = self.stopped
        let nanoseconds = flushInterval.components.seconds * 1_000_000_000 + flushInterval.components.attoseconds / 1_000_000_000
        let thread = Thread { [weak self] in
            while wakeup.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut {
                guard let self else { break }
                self.flushLoggingFailure()
            }
            stopped.signal()
        }
        thread.name = "usage-journal"
        thread.start()
    }

    deinit {
        wakeup.signal()
    }

    /// Counts traffic of `principal` on `topic` in the minute of `date`. Cheap
    /// and thread-safe: call it on the request path.
    public func record(principal: String, topic: String, bytesIn: Int, bytesOut: Int, messagesIn: Int, at date: Date = Date()) {
        let key = TrafficKey(minute: UsageMinute(containing: date), principal: principal, topic: topic)
        let counts = TrafficCounts(bytesIn: Int64(bytesIn), bytesOut: Int64(bytesOut), messagesIn: Int64(messagesIn))
        pending.withLock { $0.traffic[key, default: TrafficCounts()] += counts }
    }

    /// How often storage samplers (`portcullis dev`'s of its embedded broker,
    /// the gateway's of its upstream cluster) call `sample`: twice a minute, so
    /// every minute has a sample even when one round is late or fails.
    public static let storageSampleInterval: Duration = .seconds(30)

    /// Notes `topic`'s size in the minute of `date`; the last sample of a minute is the one kept.
    /// Call it at least once a minute per topic: a minute without a sample bills no storage.
    public func sample(topic: String, partitions: Int, bytes: Int, at date: Date = Date()) {
        let key = StorageKey(minute: UsageMinute(containing: date), topic: topic)
        let sample = StorageSample(partitions: Int64(partitions), storageBytes: Int64(bytes))
        pending.withLock { $0.storage[key] = sample }
    }

    /// Appends what was recorded since the last flush and fsyncs. What could not be written is kept for the next flush.
    public func flush() throws(UsageJournalError) {
        let failure = journal.withLock { journal -> UsageAppendFailure? in
            guard let journal else { return nil }
            let taken = pending.withLock { pending in
                defer { pending = PendingUsage() }
                return pending
            }
            guard !taken.isEmpty else { return nil }
            do throws(UsageAppendFailure) {
                try journal.append(taken.entries)
                return nil
            } catch {
                pending.withLock { $0.restore(error.unwritten) }
                return error
            }
        }
        if let failure { throw failure.error }
    }

    /// Stops the flushing thread, flushes what is left and releases the journal
    /// (another recorder may open it then). Later records are not written.
    public func close() throws(UsageJournalError) {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        wakeup.signal()
        stopped.wait()
        defer { journal.withLock { $0 = nil } }
        try flush()
    }

    private func flushLoggingFailure() {
        do {
            try flush()
        } catch {
            logger.error("could not write the usage journal; keeping the counts for the next try", metadata: ["error": "\(error)"])
        }
    }
}
