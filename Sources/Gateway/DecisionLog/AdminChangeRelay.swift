import Audit
import Foundation
import PolicyStore

/// Copies the policy store's record of administrative changes — made with
/// `authctl` or through the Kafka admin APIs, each with its actor — into the
/// decision log, each once: it resumes after the last change the log holds.
public struct AdminChangeRelay: Sendable {
    let store: PolicyStore
    let log: AuditLog
    let interval: Duration

    public init(store: PolicyStore, log: AuditLog, interval: Duration = .milliseconds(250)) {
        self.store = store
        self.log = log
        self.interval = interval
    }

    /// Relays until cancelled.
    public func run() async throws {
        var last = try lastRelayed()
        while !Task.isCancelled {
            let changes = try store.adminChanges(after: last)
            for change in changes {
                log.append(.adminChange(
                    AuditAdminChange(
                        actor: change.actor, action: change.action.rawValue, subject: change.subject, details: change.details,
                        source: "policy-store", changeId: change.id
                    ),
                    time: AuditTime(microsecondsSinceEpoch: Int64(change.at.timeIntervalSince1970 * 1_000_000))
                ))
                last = change.id
            }
            if changes.isEmpty { try await Task.sleep(for: interval) }
        }
    }

    /// The id of the newest change already in the log (0 for none).
    private func lastRelayed() throws -> Int64 {
        var query = AuditQuery()
        query.kinds = [.adminChange]
        let newest = try AuditLogReader(directory: log.directory).last(1, matching: query).entries.last
        return newest?.record.event?.change?.changeId ?? 0
    }
}
