extension GatewayServer {
    /// A graceful stop: the listeners and node ports close (no new
    /// connections), every open connection reads no more requests, answers
    /// those it has read and closes; this returns when all have, or when
    /// `grace` has passed (what is left closes with the process), and ends `run`.
    public func shutDown(grace: Duration) async {
        closeListeners()
        let open = policy.sessions.count
        logger.notice("gateway shutting down", metadata: ["connections": "\(open)"])
        policy.sessions.drainAll()
        let deadline = ContinuousClock.now + grace
        while policy.sessions.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let left = policy.sessions.count
        if left > 0 {
            logger.warning("connections still open after the shutdown grace", metadata: ["connections": "\(left)"])
        }
        stopped.continuation.finish()
    }

    func closeListeners() {
        for listener in listeners { listener.channel.close(promise: nil) }
        for channel in nodePorts.withLock({ Array($0.values) }) { channel.close(promise: nil) }
    }
}
