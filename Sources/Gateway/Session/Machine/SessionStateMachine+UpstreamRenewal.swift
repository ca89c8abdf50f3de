import NIOCore

/// Renewing the upstream's SASL session (KIP-368, the client's side). An
/// upstream that limits sessions (Kafka's connections.max.reauth.ms) closes
/// connections that have not re-authenticated by the session's end. As
/// Kafka's own clients do, the gateway re-authenticates between requests: at
/// 85-95 % of the session it holds back new requests, lets those in flight be
/// answered, authenticates again on the same connection, then sends what it
/// held. Reading from the client pauses meanwhile, as while connecting.
extension SessionStateMachine {
    mutating func scheduleUpstreamRenewal(after lifetime: TimeAmount?, into actions: inout [SessionAction]) {
        guard let lifetime else {
            disarm(.upstreamRenewal)
            return
        }
        let delay = TimeAmount.nanoseconds(Int64(Double(lifetime.nanoseconds) * configuration.upstreamRenewalPoint()))
        arm(.upstreamRenewal, after: delay, into: &actions)
    }

    mutating func beginUpstreamRenewal(into actions: inout [SessionAction]) {
        guard case .connected(let id) = upstream else { return }
        upstream = .renewing(id, held: [], exchangeStarted: false)
        setPaused(.upstreamNotReady, true, into: &actions)
        renewUpstreamIfIdle(into: &actions)
    }

    /// Starts the exchange once every request sent on the connection is answered.
    mutating func renewUpstreamIfIdle(into actions: inout [SessionAction]) {
        guard case .renewing(let id, let held, exchangeStarted: false) = upstream,
              inFlight.isEmpty, !responses.isPassingThrough else { return }
        upstream = .renewing(id, held: held, exchangeStarted: true)
        actions.append(.renewUpstream(id))
    }

    /// The upstream accepted the renewal: what was held goes out, in order.
    /// (A refused renewal comes as `upstreamFailed`: the connection counts as lost.)
    mutating func upstreamRenewed(_ id: UpstreamID, sessionLifetime: TimeAmount?) -> [SessionAction] {
        guard case .renewing(id, let held, _) = upstream, !isClosed else { return [] }
        var actions: [SessionAction] = [.log(.upstreamRenewed(requestsHeld: held.count))]
        upstream = .connected(id)
        for request in held.compactMap(\.request) { inFlight.append(request) }
        if !held.isEmpty { actions.append(.forwardAll(held.map(\.frame), to: id)) }
        setPaused(.upstreamNotReady, false, into: &actions)
        scheduleUpstreamRenewal(after: sessionLifetime, into: &actions)
        return actions
    }
}
