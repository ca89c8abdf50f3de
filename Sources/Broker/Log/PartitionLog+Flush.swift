extension PartitionLog {
    /// A caller of `flush(through:)` waiting for its offset to be durable.
    struct FlushWaiter {
        var offset: Int64
        var continuation: CheckedContinuation<Result<Void, LogError>, Never>
    }

    /// Returns once every offset up to and including `offset` is durable
    /// (acks=-1); offsets past the log end count as the log end.
    public func flush(through offset: Int64) async throws(LogError) {
        try checkUsable()
        let target = min(offset, logEndOffset - 1)
        guard target >= highWatermark else { return }
        startFlushIfNeeded()
        let result = await withCheckedContinuation { continuation in
            flushWaiters.append(FlushWaiter(offset: target, continuation: continuation))
        }
        try result.get()
    }

    /// Returns once everything appended so far is durable.
    public func flush() async throws(LogError) {
        try await flush(through: logEndOffset - 1)
    }

    /// Starts the background flush unless one is running or nothing waits to be synced.
    func startFlushIfNeeded() {
        guard flushTask == nil, failure == nil, highWatermark < logEndOffset else { return }
        flushTask = Task { await self.flushUntilCaughtUp() }
    }

    /// Group commit: each round syncs the active segment once for all that
    /// was appended before it began, while appends go on.
    private func flushUntilCaughtUp() async {
        while failure == nil, highWatermark < logEndOffset, let active = segments.last {
            // Older segments were synced when rolled: all below `target` is in `file` or durable already.
            let target = logEndOffset
            let file = active.log
            do {
                try await runBlocking { () throws(LogError) in try file.synchronize() }
            } catch {
                fail(because: "fsync failed, reopen the log to recover: \(error)")
                break
            }
            advanceHighWatermark(to: target)
        }
        flushTask = nil
    }

    /// Everything below `offset` is durable: wake whoever waited for it.
    func advanceHighWatermark(to offset: Int64) {
        guard offset > highWatermark else { return }
        highWatermark = offset
        flushWaiters.removeAll { waiter in
            guard waiter.offset < offset else { return false }
            waiter.continuation.resume(returning: .success(()))
            return true
        }
        for (id, waiter) in dataWaiters where waiter.offset < offset {
            resumeDataWaiter(id, hasData: true)
        }
    }

    /// Stops the log for good, e.g. after a failed fsync, when the state of
    /// the file on disk is unknown (the kernel may have dropped the dirty
    /// pages): recovery on the next open sorts it out. Returns the error.
    @discardableResult
    func fail(because reason: String) -> LogError {
        let failure = LogError.logFailed(reason)
        self.failure = failure
        logger.critical("partition log failed", metadata: ["topic": "\(topic)", "partition": "\(partition)", "reason": "\(reason)"])
        failFlushWaiters(with: failure)
        for id in Array(dataWaiters.keys) { resumeDataWaiter(id, hasData: false) }
        return failure
    }

    func failFlushWaiters(with error: LogError) {
        for waiter in flushWaiters { waiter.continuation.resume(returning: .failure(error)) }
        flushWaiters = []
    }
}
