import Properties

/// The `audit.*` settings of the gateway's properties file.
extension AuditConfiguration {
    /// Applies `property` when it is an `audit.` setting; false for any other
    /// name, so the gateway's parser can offer it here first.
    ///
    /// - `audit.file.max.bytes` (67108864)
    /// - `audit.checkpoint.interval.ms` (2000)
    /// - `audit.fsync`: `batch` or `checkpoint` (batch)
    /// - `audit.failure.policy`: `fail-closed` or `fail-open` (fail-closed)
    /// - `audit.queue.max.records` (65536)
    /// - `audit.retry.interval.ms` (1000)
    /// - `audit.log.every.allow`: `true` or `false` (false)
    /// - `audit.key.id` (alias/portcullis-segments)
    public mutating func apply(_ property: Property) throws(ConfigurationError) -> Bool {
        switch property.name {
        case "audit.file.max.bytes": maximumFileBytes = try positive(property)
        case "audit.checkpoint.interval.ms": checkpointInterval = .milliseconds(try positive(property))
        case "audit.fsync": durability = try choice(property)
        case "audit.failure.policy": failurePolicy = try choice(property)
        case "audit.queue.max.records": queueCapacity = try positive(property)
        case "audit.retry.interval.ms": retryInterval = .milliseconds(try positive(property))
        case "audit.log.every.allow": logsEveryAllow = try property.flag()
        case "audit.key.id":
            guard !property.value.isEmpty else { throw property.error("\(property.name) is empty") }
            keyId = property.value
        default: return false
        }
        return true
    }

    private func positive(_ property: Property) throws(ConfigurationError) -> Int {
        let value: Int = try property.number()
        guard value > 0 else { throw property.error("\(property.name) must be at least 1") }
        return value
    }

    private func choice<Choice: RawRepresentable<String> & CaseIterable>(_ property: Property) throws(ConfigurationError) -> Choice {
        guard let value = Choice(rawValue: property.value) else {
            throw property.error("\(property.name) must be \(Choice.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        return value
    }
}
