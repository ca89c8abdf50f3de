import Foundation

/// What a report covers: the minutes starting in [since, until), and optionally one principal or topic.
public struct UsageQuery: Sendable {
    public var since: Date
    public var until: Date
    /// Traffic of this principal only (`User:NAME`, or `NAME` for `User:NAME`); storage rows are left out.
    public var principal: String?
    public var topic: String?

    public init(since: Date, until: Date, principal: String? = nil, topic: String? = nil) {
        self.since = since
        self.until = until
        self.principal = principal
        self.topic = topic
    }

    /// A minute counts when it starts inside the window: a window cutting a minute takes it whole or not at all.
    var minutes: Range<UsageMinute> {
        let first = UsageMinute(startingAtOrAfter: since)
        return first..<max(first, UsageMinute(startingAtOrAfter: until))
    }

    /// Hours from since to until: the cluster-hours billed for the window.
    public var hours: Double { until.timeIntervalSince(since) / 3_600 }

    func includes(principal candidate: String) -> Bool {
        guard let principal else { return true }
        return candidate == principal || (!principal.contains(":") && candidate == "User:" + principal)
    }

    func includes(topic candidate: String) -> Bool {
        topic.map { $0 == candidate } ?? true
    }
}
