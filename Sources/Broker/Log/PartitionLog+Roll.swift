extension PartitionLog {
    /// Starts a new active segment at the log end.
    ///
    /// In order, so that a crash at any point leaves a log recovery accepts:
    /// the old segment's log and indexes are synced (every segment but the
    /// last is trusted without a scan) and the producer state at the new
    /// base is saved; then the new data key is made and its `.key` written;
    /// then the new files are created and the directory synced. Runs as its
    /// own task, so that a cancelled caller cannot stop it halfway, and off
    /// any event loop (the key service may do blocking file or network work).
    func roll() async throws(LogError) {
        let task = Task(executorPreference: globalConcurrentExecutor) { () async -> Result<Void, LogError> in
            do throws(LogError) {
                return .success(try await self.performRoll())
            } catch {
                return .failure(error)
            }
        }
        try await task.value.get()
    }

    private func performRoll() async throws(LogError) {
        let baseOffset = logEndOffset
        var finished: LogSegment?
        if let old = segments.last {
            if old.isEmpty {
                // Never written to (its key was unusable): replaced by a segment at the same offset.
                for kind in [SegmentFileKind.log, .index, .timeindex, .key] {
                    try LogDirectoryFiles.remove(old.path(kind))
                }
                segments.removeLast()
            } else {
                finished = old
            }
        }
        activeSealer = nil
        // On failure the old segment stays active; a later roll finishes it again.
        if let finished { try await finishSegment(finished, nextBaseOffset: baseOffset) }
        try await startSegment(at: baseOffset)
    }

    /// Syncs a segment's log, writes its indexes and saves the producer state at its end.
    private func finishSegment(_ segment: LogSegment, nextBaseOffset: Int64) async throws(LogError) {
        let finish = segment.finishAppending()
        let producers = self.producers
        let snapshot = directory + "/" + LogLayout.fileName(nextBaseOffset, .snapshot)
        try await runBlocking { () throws(LogError) in
            try finish.run()
            try ProducerSnapshotFile.write(producers, offset: nextBaseOffset, to: snapshot)
        }
        groupCommit.markDurable(through: nextBaseOffset)
    }

    /// Makes the data key, writes the `.key`, creates the files and makes them durable.
    private func startSegment(at baseOffset: Int64) async throws(LogError) {
        let identity = SegmentIdentity(topic: topic, partition: partition, baseOffset: baseOffset)
        let directory = self.directory
        let (sealer, keyFile) = try await cipher.createKey(for: identity)
        if let keyFile {
            let keyPath = directory + "/" + LogLayout.fileName(baseOffset, .key)
            try await runBlocking { () throws(LogError) in try keyFile.write(to: keyPath) }
        }
        let segment = try LogSegment.create(
            identity, in: directory, indexIntervalBytes: configuration.indexIntervalBytes, now: clock()
        )
        segment.keyFile = keyFile
        try await runBlocking { () throws(LogError) in try LogDirectoryFiles.synchronize(directory) }
        try removeSnapshots(before: baseOffset)
        segments.append(segment)
        activeSealer = sealer
        logger.debug("rolled a new segment", metadata: ["segment": "\(identity)"])
    }

    /// Snapshots older than the active segment's are never read again.
    private func removeSnapshots(before baseOffset: Int64) throws(LogError) {
        for name in try LogDirectoryFiles.names(in: directory) {
            guard let (base, kind) = LogLayout.parseFileName(name), kind == .snapshot, base < baseOffset else { continue }
            try LogDirectoryFiles.remove(directory + "/" + name)
        }
    }
}
