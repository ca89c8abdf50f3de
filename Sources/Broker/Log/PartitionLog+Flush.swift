extension PartitionLog {
    /// Returns once every offset up to and including `offset` is durable
    /// (acks=-1); offsets past the log end count as the log end.
    public func flush(through offset: Int64) async throws(LogError) {
        try checkUsable()
        let target = min(offset, logEndOffset - 1)
        guard target >= highWatermark else { return }
        try await groupCommit.waitUntilDurable(target).get()
    }

    /// Returns once everything appended so far is durable.
    public func flush() async throws(LogError) {
        try await flush(through: logEndOffset - 1)
    }

    /// The group commit made more durable, or its fsync failed: wake the fetches that wait.
    func durabilityChanged(_ outcome: Result<Int64, LogError>) {
        switch outcome {
        case .success(let durable):
            for (id, waiter) in dataWaiters where waiter.offset < durable {
                resumeDataWaiter(id, hasData: true)
            }
        case .failure(let error):
            fail(because: "\(error)")
        }
    }

    /// Stops the log for good, e.g. after a failed fsync, when the state of
    /// the file on disk is unknown (the kernel may have dropped the dirty
    /// pages): recovery on the next open sorts it out. Returns the error.
    @discardableResult
    func fail(because reason: String) -> LogError {
        if let failure { return failure }  // the first failure is the one reported
        let failure = LogError.logFailed(reason)
        self.failure = failure
        logger.critical("partition log failed", metadata: ["topic": "\(topic)", "partition": "\(partition)", "reason": "\(reason)"])
        groupCommit.stop(with: failure)
        for id in Array(dataWaiters.keys) { resumeDataWaiter(id, hasData: false) }
        return failure
    }
}
