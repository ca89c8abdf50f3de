extension PolicyStore {
    /// The current policy, then a new snapshot each time a commit — from this process or any
    /// other, such as `authctl` — changes it, seen within about `interval`. Only the newest
    /// snapshot is buffered for a slow consumer.
    ///
    /// Polls on its own connection, which is closed when the stream ends: when the consumer
    /// stops iterating, its task is cancelled, or the stream is released. The stream ends by
    /// throwing a ``PolicyStoreError`` when the store cannot be read or holds a row this version
    /// would not have written; the caller decides whether to fail closed or watch again.
    public func snapshots(pollingEvery interval: Duration = .milliseconds(100)) -> AsyncThrowingStream<PolicySnapshot, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: PolicySnapshot.self, bufferingPolicy: .bufferingNewest(1))
        let databasePath = databasePath
        let task = Task {
            do {
                let poller = try PolicyChangePoller(databasePath: databasePath)
                while !Task.isCancelled {
                    if let snapshot = try poller.poll() {
                        continuation.yield(snapshot)
                    }
                    try await Task.sleep(for: interval)
                }
                continuation.finish()
            } catch is CancellationError {
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
