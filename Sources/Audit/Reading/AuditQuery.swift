/// Which records a query or tail shows. Every condition set must hold.
public struct AuditQuery: Sendable, Hashable {
    /// `User:alice`, or just `alice`: the principal decided about, or the actor of an admin change.
    public var principal: String?
    public var decision: AuditDecision?
    /// A topic's name: authorization decisions on it.
    public var topic: String?
    /// From this time on (inclusive).
    public var since: AuditTime?
    /// Before this time (exclusive).
    public var until: AuditTime?
    /// Every kind but checkpoints, unless asked.
    public var kinds: Set<AuditRecordKind> = [.authentication, .authorization, .adminChange]

    public init() {}

    public func matches(_ record: AuditRecord) -> Bool {
        guard kinds.contains(record.kind) else { return false }
        if let since, record.time < since { return false }
        if let until, record.time >= until { return false }
        guard principal != nil || decision != nil || topic != nil else { return true }
        guard let event = record.event else { return false }
        if let principal, let who = event.principal ?? event.change?.actor {
            guard who == principal || who == "User:" + principal else { return false }
        } else if principal != nil {
            return false
        }
        if let decision, event.decision != decision { return false }
        if let topic, event.resource?.type != "Topic" || event.resource?.name != topic { return false }
        return true
    }
}
