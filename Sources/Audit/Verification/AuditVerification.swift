/// What `AuditVerifier` found: the first break, if any, and what it checked.
public struct AuditVerification: Hashable, Sendable {
    public var firstBreak: AuditBreak?
    public var files = 0
    public var records = 0
    public var checkpoints = 0
    /// The seq of the last record read (0 for an empty log).
    public var lastSeq: UInt64 = 0
    /// The seq of the last checkpoint read: the records after it are chained but not yet sealed by a MAC.
    public var lastCheckpointSeq: UInt64?
    /// The seq of the checkpoint in head.json.
    public var headSeq: UInt64?
    /// Bytes after the last complete line of the last file: a line being
    /// written, or torn by a crash (the writer removes it at its next start).
    public var incompleteTailBytes = 0

    public var isIntact: Bool { firstBreak == nil }

    /// Records no checkpoint covers yet.
    public var unsealedRecords: UInt64 { lastSeq - (lastCheckpointSeq ?? 0) }
}
