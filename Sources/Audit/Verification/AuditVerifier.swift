/// Checks a whole log: every line a record, seqs consecutive from 1 across
/// files, each `prev` the hash of the line before (the first, the genesis
/// value), every checkpoint's MAC under the log's key, and the log reaching
/// the checkpoint in head.json. Stops at the first break.
///
/// What it cannot see: records after the last checkpoint can be changed
/// consistently (chain recomputed) by whoever can write the log; whoever can
/// write both the log and head.json can cut the log back to an earlier
/// checkpoint; whoever also holds the KMS key can rewrite everything. Only
/// copies of checkpoints kept elsewhere (the gateway's service log records
/// one at every rotation and at shutdown) catch those.
public struct AuditVerifier {
    public let directory: AuditDirectory
    private let authenticator: CheckpointAuthenticator

    public init(directory: AuditDirectory, authenticator: CheckpointAuthenticator) {
        self.directory = directory
        self.authenticator = authenticator
    }

    /// Throws only when the log cannot be read at all; what is wrong with it is in the result.
    public func verify() throws(AuditLogError) -> AuditVerification {
        var walk = ChainWalk(authenticator: authenticator)
        do {
            // Read before the files: the writer replaces it only after the checkpoint is durable in the log.
            walk.head = try AuditHeadFile.read(directory)
        } catch .invalidFile(_, let reason) {
            walk.result.firstBreak = AuditBreak(file: "head.json", line: 1, reason: .headInvalid(reason))
            return walk.result
        }
        if let head = walk.head {
            guard authenticator.isAuthentic(head.record) else {
                walk.result.firstBreak = AuditBreak(file: "head.json", line: 1, reason: .headInvalid("its MAC is wrong"))
                return walk.result
            }
            walk.result.headSeq = head.record.seq
        }
        let files: [AuditLogFile]
        do {
            files = try directory.decisionFiles()
        } catch {
            throw .file(error)
        }
        for (index, file) in files.enumerated() {
            let expected = directory.decisionFile(index + 1)
            guard file.number == expected.number else {
                walk.result.firstBreak = AuditBreak(file: expected.name, line: nil, reason: .missingFile)
                return walk.result
            }
            guard try walk.read(file, isLast: index == files.count - 1) else { return walk.result }
        }
        walk.finish(lastFile: files.last ?? directory.decisionFile(1))
        return walk.result
    }
}

/// The verifier's state along the log, line by line.
private struct ChainWalk {
    let authenticator: CheckpointAuthenticator
    let decoder = AuditLineDecoder()
    var head: (record: AuditRecord, line: [UInt8])?
    var result = AuditVerification()
    /// Where the previous record is, and the hash of its line.
    var previous: (file: String, line: Int, hash: ChainHash)?
    var lastCheckpoint: String?
    var lastLineNumber = 0

    init(authenticator: CheckpointAuthenticator) {
        self.authenticator = authenticator
    }

    /// False at a break.
    mutating func read(_ file: AuditLogFile, isLast: Bool) throws(AuditLogError) -> Bool {
        result.files += 1
        lastLineNumber = 0
        let reader: AuditLineReader
        do {
            reader = try AuditLineReader(file)
            while let line = try reader.next() {
                lastLineNumber = line.number
                if let found = check(line) {
                    result.firstBreak = found
                    return false
                }
            }
        } catch {
            throw .file(error)
        }
        if reader.incompleteByteCount > 0 {
            guard isLast else {
                result.firstBreak = AuditBreak(file: file.name, line: lastLineNumber + 1, reason: .incompleteLine)
                return false
            }
            result.incompleteTailBytes = reader.incompleteByteCount
        }
        return true
    }

    /// Where and why `line` breaks the log, or nil.
    private mutating func check(_ line: AuditLine) -> AuditBreak? {
        func broken(_ reason: AuditBreak.Reason) -> AuditBreak {
            AuditBreak(file: line.file.name, line: line.number, reason: reason)
        }
        let record: AuditRecord
        do {
            record = try decoder.decode(line.bytes[...])
        } catch {
            return broken(.unreadable(error.description))
        }
        let expected = result.lastSeq + 1
        guard record.seq == expected else { return broken(.sequence(expected: expected, found: record.seq)) }
        if let previous {
            guard record.prev == previous.hash else {
                // The record before is the one whose bytes changed: report it, naming this one.
                return AuditBreak(file: previous.file, line: previous.line, reason: .altered(nextFile: line.file.name, nextLine: line.number))
            }
        } else if record.prev != .genesis {
            return broken(.doesNotStartTheChain)
        }
        if record.kind == .checkpoint {
            guard authenticator.isAuthentic(record) else { return broken(.checkpointMAC(since: lastCheckpoint)) }
            result.checkpoints += 1
            result.lastCheckpointSeq = record.seq
            lastCheckpoint = "\(line.file.name) line \(line.number)"
        }
        if let head, head.record.seq == record.seq, head.line != line.bytes {
            return broken(.headMismatch(headSeq: head.record.seq))
        }
        result.records += 1
        result.lastSeq = record.seq
        previous = (line.file.name, line.number, ChainHash(ofLine: line.bytes))
        return nil
    }

    /// The checks that need the whole log read.
    mutating func finish(lastFile: AuditLogFile) {
        guard result.firstBreak == nil else { return }
        if let head, result.lastSeq < head.record.seq {
            result.firstBreak = AuditBreak(
                file: lastFile.name, line: lastLineNumber + 1, reason: .truncated(lastSeq: result.lastSeq, headSeq: head.record.seq)
            )
        } else if head == nil, result.checkpoints > 0 {
            result.firstBreak = AuditBreak(file: "head.json", line: nil, reason: .headMissing)
        }
    }
}
