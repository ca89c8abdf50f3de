import Foundation
import Synchronization

/// The records handed to the log and not yet written, between the threads
/// that decide and the writer thread. Bounded: it counts every record
/// accepted until the writer reports it written, so records kept while the
/// disk refuses them count too; when `capacity` are outstanding, `enqueue`
/// refuses and counts the refusal for the next checkpoint.
///
/// `enqueue` takes one lock, reads the clock (for the decision-log lag
/// metric) and wakes the writer only when it may be asleep (the queue was
/// empty): cheap enough for an event loop.
final class AuditQueue: @unchecked Sendable {
    let capacity: Int
    // Everything below is guarded by `condition`, except `saturated`.
    private let condition = NSCondition()
    private var events: [AuditEvent] = []
    private var outstanding = 0
    private var refused = 0
    private var closingDeadline: ContinuousClock.Instant?
    private var acceptedAt = AcceptanceTimes()
    private let saturated = Atomic<Bool>(false)

    init(capacity: Int) {
        precondition(capacity > 0, "the audit queue needs room for a record")
        self.capacity = capacity
    }

    /// Whether the last record offered was refused for want of room (until the writer frees some).
    var isSaturated: Bool { saturated.load(ordering: .relaxed) }

    /// False when full or closed.
    func enqueue(_ event: AuditEvent) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard closingDeadline == nil, outstanding < capacity else {
            refused += 1
            if closingDeadline == nil { saturated.store(true, ordering: .relaxed) }
            return false
        }
        events.append(event)
        outstanding += 1
        acceptedAt.append(.now)
        if events.count == 1 { condition.signal() }
        return true
    }

    /// Up to `limit` records into `batch` (its previous contents dropped),
    /// waiting for one until `deadline` (forever when nil) unless closing;
    /// whether the log is closing, and how many records are left queued.
    /// The two arrays swap storage, so neither side allocates once both have grown.
    func take(
        upTo limit: Int, into batch: inout [AuditEvent], waitingUntil deadline: ContinuousClock.Instant?
    ) -> (closing: Bool, left: Int) {
        batch.removeAll(keepingCapacity: true)
        condition.lock()
        defer { condition.unlock() }
        while events.isEmpty, closingDeadline == nil {
            guard let deadline else {
                condition.wait()
                continue
            }
            guard wait(until: deadline) else { break }
        }
        if events.count <= limit {
            swap(&events, &batch)
        } else {
            batch.append(contentsOf: events.prefix(limit))
            events.removeFirst(limit)
        }
        return (closingDeadline != nil, events.count)
    }

    /// Returns records taken but not written to the front of the queue, in their order.
    func putBack(_ returned: ArraySlice<AuditEvent>) {
        condition.lock()
        defer { condition.unlock() }
        events.insert(contentsOf: returned, at: 0)
    }

    /// `count` records taken earlier are on disk: their room is free again.
    func markWritten(_ count: Int) {
        condition.lock()
        defer { condition.unlock() }
        outstanding -= count
        acceptedAt.removeOldest(count)
        if outstanding < capacity { saturated.store(false, ordering: .relaxed) }
    }

    /// Refusals since the last call, for a checkpoint's `dropped`.
    func takeRefusedCount() -> Int {
        condition.lock()
        defer { condition.unlock() }
        defer { refused = 0 }
        return refused
    }

    /// Records accepted and not yet written.
    var outstandingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return outstanding
    }

    /// When the oldest record accepted and not yet written was accepted; nil when none waits.
    var oldestOutstandingSince: ContinuousClock.Instant? {
        condition.lock()
        defer { condition.unlock() }
        return acceptedAt.oldest
    }

    var refusedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return refused
    }

    /// Accepts nothing more; the writer drains what is there, trying until `deadline`.
    func close(deadline: ContinuousClock.Instant) {
        condition.lock()
        defer { condition.unlock() }
        closingDeadline = closingDeadline ?? deadline
        condition.broadcast()
    }

    /// When closing, the time the writer gives up retrying.
    var closedDeadline: ContinuousClock.Instant? {
        condition.lock()
        defer { condition.unlock() }
        return closingDeadline
    }

    /// Sleeps for `duration` (a retry's pause), but not past the closing
    /// deadline, also when the log is closed during the pause.
    func pause(for duration: Duration) {
        condition.lock()
        defer { condition.unlock() }
        let end = ContinuousClock.now + duration
        while wait(until: closingDeadline.map { min($0, end) } ?? end) {}
    }

    /// Waits on the condition, at most until `deadline`; false once it has passed.
    private func wait(until deadline: ContinuousClock.Instant) -> Bool {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return false }
        _ = condition.wait(until: Date(timeIntervalSinceNow: remaining.seconds))
        return ContinuousClock.now < deadline
    }
}
