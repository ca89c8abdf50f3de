/// One line of the journal without its sequence number: a traffic delta or a storage sample.
public enum UsageEntry: Hashable, Sendable {
    /// Counts to add to the key's totals: each line is a delta, never a running total.
    case traffic(TrafficKey, TrafficCounts)
    /// The topic's size in that minute; a later line for the same key replaces it.
    case storage(StorageKey, StorageSample)

    public var minute: UsageMinute {
        switch self {
        case .traffic(let key, _): key.minute
        case .storage(let key, _): key.minute
        }
    }
}

/// A line as written: the entry and its sequence number, unique and increasing across the whole journal.
public struct UsageLine: Hashable, Sendable {
    public let seq: Int64
    public let entry: UsageEntry
}
