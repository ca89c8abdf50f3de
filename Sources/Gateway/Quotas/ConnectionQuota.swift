import KafkaProtocol
import NIOCore
import PolicyStore

/// A connection's share in its user's quotas: it records what the
/// connection does against the rates its user has a limit for (nothing
/// for a user without one), and says how long each response must make the
/// client wait. Lives on the connection's event loop; the usage it records
/// into is the user's, shared by all of the user's connections.
struct ConnectionQuota {
    let user: String
    let usage: QuotaUsage

    /// The records of a Produce request going upstream; returns the wait they call for.
    func produced(_ produce: ProduceRequest, quotas: ClientQuotas, now: NIODeadline) -> Throttle? {
        guard let rate = quotas.limit(.producerByteRate, user: user) else { return nil }
        usage.record(Double(produce.recordsBytes), against: .producerByteRate, at: now)
        return usage.throttle(under: [(.producerByteRate, rate)], at: now)
    }

    /// Event-loop time spent on the user's requests or responses.
    func spent(_ time: TimeAmount, quotas: ClientQuotas, now: NIODeadline) {
        guard quotas.limit(.requestPercentage, user: user) != nil else { return }
        usage.record(Double(time.nanoseconds), against: .requestPercentage, at: now)
    }

    /// The wait a response of `api`, `bytes` long, calls for now: a Fetch
    /// response's bytes are recorded first (as Kafka, the consumer rate
    /// counts what is returned); every response answers for the request
    /// time. (A Produce request's bytes had their say when it was read.)
    func throttle(forResponseOf api: KafkaApiKey, bytes: Int, quotas: ClientQuotas, now: NIODeadline) -> Throttle? {
        var limits: [(key: ClientQuotaKey, value: Double)] = []
        if let percentage = quotas.limit(.requestPercentage, user: user) { limits.append((.requestPercentage, percentage)) }
        if api == .fetch, let rate = quotas.limit(.consumerByteRate, user: user) {
            usage.record(Double(bytes), against: .consumerByteRate, at: now)
            limits.append((.consumerByteRate, rate))
        }
        guard !limits.isEmpty else { return nil }
        return usage.throttle(under: limits, at: now)
    }
}

extension ProduceRequest {
    /// The bytes of its records fields, as sent.
    var recordsBytes: Int {
        topicData.reduce(0) { total, topic in
            topic.partitionData.reduce(total) { $0 + ($1.records?.readableBytes ?? 0) }
        }
    }
}
