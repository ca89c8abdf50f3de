import Synchronization

/// Whether the writer's last attempt to write succeeded, readable from any
/// thread without waiting (one atomic load), and why not.
final class AuditWriterHealth: Sendable {
    private let failing = Atomic<Bool>(false)
    private let reason = Mutex<String?>(nil)

    var isFailing: Bool { failing.load(ordering: .relaxed) }

    var failureReason: String? { reason.withLock { $0 } }

    /// Records the failure; true when the writer was healthy until now.
    func fail(_ why: String) -> Bool {
        reason.withLock { $0 = why }
        return !failing.exchange(true, ordering: .relaxed)
    }

    /// True when the writer was failing until now.
    func recover() -> Bool {
        guard failing.exchange(false, ordering: .relaxed) else { return false }
        reason.withLock { $0 = nil }
        return true
    }
}
