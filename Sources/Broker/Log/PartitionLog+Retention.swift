extension PartitionLog {
    /// Deletes whole segments from the oldest while `retention.bytes` or
    /// `retention.ms` says so (Kafka's rules: by size, while the log would
    /// still hold `retention.bytes` without the segment; by time, when its
    /// newest timestamp is older than `retention.ms`). Never the active
    /// segment, nor one holding offsets not yet durable. Deleting the `.key`
    /// with the `.log` leaves nothing that could unwrap the segment's data key.
    /// The broker calls this periodically (Kafka's log.retention.check.interval.ms).
    public func enforceRetention(now: Int64? = nil) throws(LogError) -> RetentionOutcome {
        try checkUsable()
        let now = now ?? clock()
        var deleted: [Int64] = []
        var deletedBytes = 0
        var remaining = sizeInBytes
        while segments.count > 1, segments[1].baseOffset <= highWatermark {
            let oldest = segments[0]
            let bySize = configuration.retentionBytes >= 0 && Int64(remaining - oldest.size) >= configuration.retentionBytes
            let newest = try oldest.retentionTimestamp()
            let byTime = configuration.retentionMs >= 0 && now - newest > configuration.retentionMs
            guard bySize || byTime else { break }
            // The .log first: a crash part way leaves files recovery removes as orphans.
            for kind in [SegmentFileKind.log, .index, .timeindex, .key] {
                try LogDirectoryFiles.remove(oldest.path(kind))
            }
            segments.removeFirst()
            publishedSize.subtract(oldest.size, ordering: .relaxed)
            remaining -= oldest.size
            deletedBytes += oldest.size
            deleted.append(oldest.baseOffset)
        }
        producers.removeExpired(logStartOffset: logStartOffset, now: now, expirationMs: configuration.producerIdExpirationMs)
        if !deleted.isEmpty {
            logger.info("deleted segments past retention", metadata: [
                "topic": "\(topic)", "partition": "\(partition)", "segments": "\(deleted)", "logStartOffset": "\(logStartOffset)",
            ])
        }
        return RetentionOutcome(deletedSegments: deleted, deletedBytes: deletedBytes, logStartOffset: logStartOffset)
    }
}
