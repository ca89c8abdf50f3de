/// One line of the decision log: an event or a checkpoint, with its place in
/// the hash chain.
public struct AuditRecord: Hashable, Sendable {
    /// 1 for the first record of the log, one more for each after it, across files.
    public var seq: UInt64
    /// The hash of the previous record's line; `ChainHash.genesis` for the first.
    public var prev: ChainHash
    public var content: Content

    public enum Content: Hashable, Sendable {
        case event(AuditEvent)
        case checkpoint(AuditCheckpoint)
    }

    public init(seq: UInt64, prev: ChainHash, content: Content) {
        self.seq = seq
        self.prev = prev
        self.content = content
    }

    public var kind: AuditRecordKind {
        switch content {
        case .event(let event): event.kind
        case .checkpoint: .checkpoint
        }
    }

    public var time: AuditTime {
        switch content {
        case .event(let event): event.time
        case .checkpoint(let checkpoint): checkpoint.time
        }
    }

    public var event: AuditEvent? {
        guard case .event(let event) = content else { return nil }
        return event
    }

    public var checkpoint: AuditCheckpoint? {
        guard case .checkpoint(let checkpoint) = content else { return nil }
        return checkpoint
    }
}

/// What the log writes every few seconds, at each rotation and at shutdown:
/// a MAC, under a key only the KMS can unwrap, over its own `seq`, its `prev`
/// (so the whole chain before it), `time` and `dropped`.
public struct AuditCheckpoint: Hashable, Sendable {
    public var time: AuditTime
    /// Records refused since the previous checkpoint because the writer's queue was full.
    public var dropped: Int
    public var mac: [UInt8]

    public init(time: AuditTime, dropped: Int, mac: [UInt8]) {
        self.time = time
        self.dropped = dropped
        self.mac = mac
    }
}
