/// Somewhere batches of decision-log lines are delivered.
protocol LogDestination: Sendable {
    /// Names the destination in logs and its cursor file: `cloudwatch`, `s3`, `kinesis` for the
    /// decision log, `cloudwatch-service`, `s3-service`, `kinesis-service` for the service log.
    var name: String { get }
    /// What one delivery may carry at most, whatever the configured batch size.
    var limits: BatchLimits { get }
    /// Returns once every line of `batch` is stored; throws when the batch has to be sent again.
    func deliver(_ batch: LogBatch) async throws(LogDeliveryFailure)
}
