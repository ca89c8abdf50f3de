/// What was recorded since the last flush: traffic summed per key, the latest storage sample per key.
struct PendingUsage: Sendable {
    var traffic: [TrafficKey: TrafficCounts] = [:]
    var storage: [StorageKey: StorageSample] = [:]

    var isEmpty: Bool { traffic.isEmpty && storage.isEmpty }

    var entries: [UsageEntry] {
        traffic.map { .traffic($0.key, $0.value) } + storage.map { .storage($0.key, $0.value) }
    }

    /// Takes back entries a flush could not write: their traffic adds up again;
    /// a sample taken since is newer than the one that was not written, and stays.
    mutating func restore(_ entries: [UsageEntry]) {
        for entry in entries {
            switch entry {
            case .traffic(let key, let counts): traffic[key, default: TrafficCounts()] += counts
            case .storage(let key, let sample): if storage[key] == nil { storage[key] = sample }
            }
        }
    }
}
