extension SessionStateMachine {
    /// The gateway is shutting down: read no more requests, answer those
    /// already read (forwarded or answered here), then close. A connection
    /// that is not serving yet closes at once: it has nothing to answer.
    mutating func drain() -> [SessionAction] {
        guard !isClosed, !draining else { return [] }
        var actions: [SessionAction] = []
        guard case .serving = state else {
            close(reason: Self.shutdownReason, into: &actions)
            return actions
        }
        draining = true
        setPaused(.draining, true, into: &actions)
        actions += closeIfDrained()
        return actions
    }

    /// For the handler after every event while draining: closes once
    /// nothing is in flight and every answer has been written.
    mutating func closeIfDrained() -> [SessionAction] {
        guard draining, !isClosed, inFlight.isEmpty, responses.isEmpty else { return [] }
        draining = false
        var actions: [SessionAction] = []
        close(reason: Self.shutdownReason, into: &actions)
        return actions
    }

    static let shutdownReason = "the gateway is shutting down"
}
