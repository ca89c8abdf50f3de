import Logging
import Synchronization

/// Warnings about a partition's append, flush or fetch failing, at most one
/// per partition and kind of failure every 10 s, each with the number of
/// repeats held back before it. A KMS that does not answer is named as such:
/// the client retries (KAFKA_STORAGE_ERROR), the operator has to act.
final class PartitionFailureLog: Sendable {
    struct Key: Hashable, Sendable {
        let topic: String
        let partition: Int32
        let failure: String
    }

    private let logger: Logger
    private let limiter: Mutex<WarningRateLimiter<Key>>

    init(logger: Logger, interval: Duration = .seconds(10)) {
        self.logger = logger
        limiter = Mutex(WarningRateLimiter(interval: interval))
    }

    /// Logs `failure` ("append failed", "flush failed") unless one like it was logged for the partition within the interval.
    func warn(_ failure: String, topic: String, partition: Int32, error: LogError) {
        var failure = failure
        if case .keyService(.unavailable) = error { failure += ": the KMS is unreachable" }
        guard let heldBack = limiter.withLock({ $0.admit(Key(topic: topic, partition: partition, failure: failure)) }) else { return }
        logger.warning("\(failure)", metadata: [
            "topic": "\(topic)", "partition": "\(partition)", "error": "\(error)", "suppressed": "\(heldBack)",
        ])
    }
}
