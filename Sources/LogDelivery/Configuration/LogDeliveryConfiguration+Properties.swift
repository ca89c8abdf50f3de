import Properties

/// The `log.delivery.*` settings of the gateway's properties file.
extension LogDeliveryConfiguration {
    /// Applies `property` when it is a `log.delivery.` setting; false for any
    /// other name, so the gateway's parser can offer it here first.
    ///
    /// - `log.delivery.logs`: `decisions`, `service` or both, comma-separated (decisions)
    /// - `log.delivery.cloudwatch.service.log.stream` (INSTANCE-service), `log.delivery.s3.service.prefix`
    ///   (portcullis/service), `log.delivery.kinesis.service.partition.key` (INSTANCE-service)
    /// - `log.delivery.cloudwatch.log.group`, `log.delivery.cloudwatch.log.stream` (the instance),
    ///   `log.delivery.cloudwatch.endpoint`
    /// - `log.delivery.s3.bucket`, `log.delivery.s3.prefix` (portcullis/decisions), `log.delivery.s3.endpoint`
    /// - `log.delivery.kinesis.stream`, `log.delivery.kinesis.endpoint`
    /// - `log.delivery.region` (AWS_REGION), `log.delivery.instance` (portcullis)
    /// - `log.delivery.batch.max.bytes` (1048576), `log.delivery.batch.max.age.ms` (5000)
    /// - `log.delivery.retry.max.ms` (30000)
    public mutating func apply(_ property: Property) throws(ConfigurationError) -> Bool {
        switch property.name {
        case "log.delivery.logs":
            var logs: [DeliveredLog] = []
            for name in property.list {
                guard let log = DeliveredLog(rawValue: name) else {
                    throw property.error("log.delivery.logs takes decisions and service, got '\(name)'")
                }
                if !logs.contains(log) { logs.append(log) }
            }
            guard !logs.isEmpty else { throw property.error("log.delivery.logs is empty") }
            self.logs = logs
        case "log.delivery.cloudwatch.service.log.stream": cloudWatchLogs.serviceLogStream = try text(property)
        case "log.delivery.s3.service.prefix": s3.servicePrefix = try text(property).trimmingSlashes
        case "log.delivery.kinesis.service.partition.key": kinesis.servicePartitionKey = try text(property)
        case "log.delivery.cloudwatch.log.group": cloudWatchLogs.logGroup = try text(property)
        case "log.delivery.cloudwatch.log.stream": cloudWatchLogs.logStream = try text(property)
        case "log.delivery.cloudwatch.endpoint": cloudWatchLogs.endpoint = try text(property)
        case "log.delivery.s3.bucket": s3.bucket = try text(property)
        case "log.delivery.s3.prefix": s3.prefix = try text(property).trimmingSlashes
        case "log.delivery.s3.endpoint": s3.endpoint = try text(property)
        case "log.delivery.kinesis.stream": kinesis.stream = try text(property)
        case "log.delivery.kinesis.endpoint": kinesis.endpoint = try text(property)
        case "log.delivery.region": region = try text(property)
        case "log.delivery.instance": instance = try text(property)
        case "log.delivery.batch.max.bytes": batchMaximumBytes = try positive(property)
        case "log.delivery.batch.max.age.ms": batchMaximumAge = .milliseconds(try positive(property))
        case "log.delivery.retry.max.ms": retryMaximumDelay = .milliseconds(try positive(property))
        default: return false
        }
        return true
    }

    private func text(_ property: Property) throws(ConfigurationError) -> String {
        guard !property.value.isEmpty else { throw property.error("\(property.name) is empty") }
        return property.value
    }

    private func positive(_ property: Property) throws(ConfigurationError) -> Int {
        let value: Int = try property.number()
        guard value > 0 else { throw property.error("\(property.name) must be at least 1") }
        return value
    }
}

extension String {
    fileprivate var trimmingSlashes: String {
        String(drop { $0 == "/" }.reversed().drop { $0 == "/" }.reversed())
    }
}
