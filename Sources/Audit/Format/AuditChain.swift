/// The end of the hash chain: the seq the next record gets and the hash it
/// chains from. Appending gives the line to write and moves the end on.
struct AuditChain: Hashable, Sendable {
    private(set) var nextSeq: UInt64
    private(set) var head: ChainHash

    /// A new log.
    static let start = AuditChain(nextSeq: 1, head: .genesis)

    init(nextSeq: UInt64, head: ChainHash) {
        self.nextSeq = nextSeq
        self.head = head
    }

    /// The chain continued after `line`, the last line of a log.
    init(after record: AuditRecord, line: ArraySlice<UInt8>) {
        self.init(nextSeq: record.seq + 1, head: ChainHash(ofLine: line))
    }

    mutating func append(_ event: AuditEvent) -> [UInt8] {
        append(AuditRecord(seq: nextSeq, prev: head, content: .event(event)))
    }

    mutating func appendCheckpoint(_ authenticator: CheckpointAuthenticator, time: AuditTime, dropped: Int) -> [UInt8] {
        append(authenticator.checkpoint(seq: nextSeq, prev: head, time: time, dropped: dropped))
    }

    private mutating func append(_ record: AuditRecord) -> [UInt8] {
        let line = record.line
        nextSeq += 1
        head = ChainHash(ofLine: line)
        return line
    }
}
