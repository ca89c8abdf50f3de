extension PartitionLog {
    /// How many fetches may wait on one partition at once; more return at once.
    static let maximumDataWaiters = 10_000

    /// A fetch long-polling for data at `offset`.
    struct DataWaiter {
        var offset: Int64
        var continuation: CheckedContinuation<Bool, Never>
        var timer: Task<Void, Never>?
    }

    /// Waits until the record at `offset` can be read (the high watermark
    /// passes it) or `timeout` elapses, for fetch long polling (fetch.max.wait.ms).
    /// Returns whether it can be read. Returns false at once when the log is
    /// closed or failed, or too many fetches wait already; cancellation ends the wait.
    public func waitForData(at offset: Int64, timeout: Duration) async -> Bool {
        if highWatermark > offset { return true }
        guard !isClosed, failure == nil, timeout > .zero, dataWaiters.count < PartitionLog.maximumDataWaiters else { return false }
        let id = nextDataWaiterId
        nextDataWaiterId += 1
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard !Task.isCancelled else { return continuation.resume(returning: false) }
                let timer = Task {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    self.resumeDataWaiter(id, hasData: false)
                }
                dataWaiters[id] = DataWaiter(offset: offset, continuation: continuation, timer: timer)
                // Observing first, then looking again: an fsync that ended in between is not missed.
                groupCommit.setObserving(true)
                if highWatermark > offset { resumeDataWaiter(id, hasData: true) }
            }
        } onCancel: {
            Task { await self.resumeDataWaiter(id, hasData: false) }
        }
    }

    func resumeDataWaiter(_ id: UInt64, hasData: Bool) {
        guard let waiter = dataWaiters.removeValue(forKey: id) else { return }
        if dataWaiters.isEmpty { groupCommit.setObserving(false) }
        waiter.timer?.cancel()
        waiter.continuation.resume(returning: hasData)
    }
}
