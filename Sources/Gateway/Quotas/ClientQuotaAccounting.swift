import NIOCore
import Synchronization

/// Every user's quota use on this gateway, shared by all listeners. Users
/// are added as their connections first need them and forgotten once idle
/// for a whole window span, so what it holds is bounded by the users active
/// within one span.
public final class ClientQuotaAccounting: Sendable {
    public let window: QuotaWindow
    private let users = Mutex(Users())

    private struct Users {
        var byName: [String: QuotaUsage] = [:]
        /// Past this many entries, idle ones are swept at the next addition.
        var sweepAt = 1024
    }

    public init(window: QuotaWindow = QuotaWindow()) {
        self.window = window
    }

    /// The usage of user `name` (the NAME of `User:NAME`).
    func usage(ofUser name: String, now: NIODeadline) -> QuotaUsage {
        users.withLock { users in
            if let usage = users.byName[name] { return usage }
            if users.byName.count >= users.sweepAt {
                users.byName = users.byName.filter { !$0.value.isIdle(at: now) }
                users.sweepAt = max(1024, users.byName.count * 2)
            }
            let usage = QuotaUsage(window: window)
            users.byName[name] = usage
            return usage
        }
    }
}
