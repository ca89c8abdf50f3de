/// What one principal did on one topic in one minute: the traffic that is billed per GB in and out.
public struct TrafficKey: Hashable, Sendable {
    public let minute: UsageMinute
    public let principal: String
    public let topic: String
}

public struct TrafficCounts: Hashable, Sendable {
    public var bytesIn: Int64 = 0
    public var bytesOut: Int64 = 0
    public var messagesIn: Int64 = 0

    public static func += (lhs: inout TrafficCounts, rhs: TrafficCounts) {
        lhs.bytesIn += rhs.bytesIn
        lhs.bytesOut += rhs.bytesOut
        lhs.messagesIn += rhs.messagesIn
    }
}

/// A topic's size in one minute, as the broker last measured it: storage is the topic's, not a principal's.
public struct StorageKey: Hashable, Sendable {
    public let minute: UsageMinute
    public let topic: String
}

public struct StorageSample: Hashable, Sendable {
    public var partitions: Int64
    public var storageBytes: Int64
}
