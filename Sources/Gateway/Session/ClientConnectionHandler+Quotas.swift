import KafkaProtocol
import NIOCore
import PolicyStore

/// The user's quotas as this connection meets them: what it records into
/// the user's rates, and the wait each upstream response is given (the
/// machine tells the client and pauses reading). A connection of a user
/// without quotas, or on a gateway with none, reads no clock for them.
extension ClientConnectionHandler {
    /// The connection's share, made the first time a serving connection's user has a quota.
    private func currentQuota(_ quotas: ClientQuotas) -> ConnectionQuota? {
        guard quotas.limitsUsers else { return nil }
        if let quota { return quota }
        guard let accounting = listener.quotaAccounting, let principal = machine.servingPrincipal else { return nil }
        let made = ConnectionQuota(user: principal.userName, usage: accounting.usage(ofUser: principal.userName, now: .now()))
        quota = made
        return made
    }

    /// Event-loop time spent on a request or response since `start`.
    func spentOnRequests(since start: NIODeadline, quotas: ClientQuotas) {
        guard let quota = currentQuota(quotas) else { return }
        let now = NIODeadline.now()
        quota.spent(now - start, quotas: quotas, now: now)
    }

    /// A Produce request's records going upstream: past the producer quota,
    /// the machine pauses reading now (the request has been handed over already).
    func produced(_ produce: ProduceRequest) {
        let quotas = listener.policy.quotas
        guard let quota = currentQuota(quotas), let throttle = quota.produced(produce, quotas: quotas, now: .now()) else { return }
        perform(machine.produceThrottled(throttle))
    }

    /// The wait for the response now arriving (`bytes` long) to the oldest request in flight.
    func responseThrottle(bytes: Int, quotas: ClientQuotas, now: NIODeadline) -> Throttle? {
        guard let quota = currentQuota(quotas), let forwarded = machine.inFlight.first, forwarded.lookup == nil else { return nil }
        return quota.throttle(forResponseOf: forwarded.apiKey, bytes: bytes, quotas: quotas, now: now)
    }
}
