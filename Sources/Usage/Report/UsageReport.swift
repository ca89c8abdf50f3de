/// Sums the journal into report rows: traffic per (principal, topic), and storage per topic as time integrals.
///
/// Each sampled minute counts as one whole minute at its sample (the broker
/// samples at least once a minute; a minute without a sample is not billed),
/// so partition-hours = Σ partitions / 60 and storage byte-hours = Σ bytes / 60
/// over the topic's sampled minutes. The sums are taken in minutes and divided
/// once.
public struct UsageReport: Sendable {
    public let reader: UsageJournalReader

    public init(directory: UsageDirectory) {
        reader = UsageJournalReader(directory: directory)
    }

    /// Traffic rows sorted by topic then principal, each topic's storage row after its traffic rows.
    public func rows(for query: UsageQuery) throws(UsageJournalError) -> [UsageRow] {
        var traffic: [TrafficRowKey: TrafficCounts] = [:]
        // The latest sample of each (minute, topic): lines come in sequence order.
        var samples: [StorageKey: StorageSample] = [:]
        for line in try reader.lines(in: query.minutes) {
            switch line.entry {
            case .traffic(let key, let counts):
                guard query.includes(principal: key.principal), query.includes(topic: key.topic) else { continue }
                traffic[TrafficRowKey(principal: key.principal, topic: key.topic), default: TrafficCounts()] += counts
            case .storage(let key, let sample):
                guard query.principal == nil, query.includes(topic: key.topic) else { continue }
                samples[key] = sample
            }
        }
        var storage: [String: (partitionMinutes: Int64, byteMinutes: Double)] = [:]
        // In minute order, so that the floating-point sums come out the same on every run.
        for (key, sample) in samples.sorted(by: { $0.key.minute < $1.key.minute }) {
            storage[key.topic, default: (0, 0)].partitionMinutes += sample.partitions
            storage[key.topic, default: (0, 0)].byteMinutes += Double(sample.storageBytes)
        }
        let trafficRows = traffic.map { key, counts in
            var row = UsageRow(principal: key.principal, topic: key.topic)
            (row.bytesIn, row.bytesOut, row.messagesIn) = (counts.bytesIn, counts.bytesOut, counts.messagesIn)
            return row
        }
        let storageRows = storage.map { topic, sums in
            var row = UsageRow(principal: nil, topic: topic)
            row.partitionHours = Double(sums.partitionMinutes) / 60
            row.storageByteHours = sums.byteMinutes / 60
            return row
        }
        return (trafficRows + storageRows).sorted { lhs, rhs in
            if lhs.topic != rhs.topic { return lhs.topic < rhs.topic }
            switch (lhs.principal, rhs.principal) {
            case (let left?, let right?): return left < right
            case (_?, nil): return true
            default: return false
            }
        }
    }

    private struct TrafficRowKey: Hashable {
        let principal: String
        let topic: String
    }
}
