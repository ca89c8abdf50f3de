/// How the decision log is written. The gateway reads `failurePolicy` and
/// `logsEveryAllow`; the rest is the writer's.
public struct AuditConfiguration: Sendable, Equatable {
    /// A file is closed with a checkpoint and the next one started when the
    /// next record would take it past this size (the closing checkpoint may
    /// pass it by its own length; a record larger than this gets a file of its own).
    public var maximumFileBytes: Int = 64 << 20
    /// A checkpoint is written this long after the first record it would cover at the latest.
    public var checkpointInterval: Duration = .seconds(2)
    public var durability: Durability = .fsyncEveryBatch
    public var failurePolicy: FailurePolicy = .failClosed
    /// Records accepted but not yet written (queued, or kept while the disk
    /// refuses them) at most; beyond this `append` refuses.
    public var queueCapacity: Int = 65_536
    /// How often a write that failed is tried again.
    public var retryInterval: Duration = .seconds(1)
    /// Log every ALLOW, not only the first per connection, operation and resource.
    public var logsEveryAllow: Bool = false
    /// The KMS key that wraps the checkpoint key when the log is created: by
    /// default the one the broker tier wraps its segment keys with.
    public var keyId: String = "alias/portcullis-segments"

    public init() {}

    /// When records reach the disk for good.
    public enum Durability: String, Sendable, CaseIterable {
        /// fsync after every batch: a record is durable once its batch is written.
        case fsyncEveryBatch = "batch"
        /// fsync only with each checkpoint: a crash of the machine may lose the
        /// records since the last checkpoint (a crash of the process loses none that were written).
        case fsyncAtCheckpoints = "checkpoint"
    }

    /// What the gateway does while the log cannot be written.
    public enum FailurePolicy: String, Sendable, CaseIterable {
        /// Refuse new requests: nothing is decided that is not recorded.
        case failClosed = "fail-closed"
        /// Keep serving; what could not be logged is counted in the next checkpoint's `dropped`.
        case failOpen = "fail-open"
    }
}
