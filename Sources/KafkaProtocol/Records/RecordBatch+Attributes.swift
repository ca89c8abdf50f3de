// Readings of the attributes bits and derived offsets.
extension RecordBatch {
    static let compressionMask: Int16 = 0x07
    static let logAppendTimeFlag: Int16 = 0x08
    static let transactionalFlag: Int16 = 0x10
    static let controlFlag: Int16 = 0x20

    public var compression: RecordCompression {
        RecordCompression(codec: self.attributes & Self.compressionMask)
    }

    public var timestampType: RecordTimestampType {
        self.attributes & Self.logAppendTimeFlag == 0 ? .createTime : .logAppendTime
    }

    /// Written by a transactional producer; consumers reading committed data skip aborted ones.
    public var isTransactional: Bool {
        self.attributes & Self.transactionalFlag != 0
    }

    /// Holds a transaction marker rather than application records.
    public var isControl: Bool {
        self.attributes & Self.controlFlag != 0
    }

    /// The offset of the batch's last record, even when compaction removed it.
    /// Wraps rather than traps, as the fields come from the wire.
    public var lastOffset: Int64 {
        self.baseOffset &+ Int64(self.lastOffsetDelta)
    }
}
