/// What the writer checks at start so as not to write over evidence: the log
/// must reach the checkpoint in `head.json`, and that checkpoint must be
/// authentic. A full check of every link is `authctl audit verify`'s.
enum AuditHeadCheck {
    static func check(
        _ directory: AuditDirectory, against log: AuditLogResumption, authenticator: CheckpointAuthenticator
    ) throws(AuditLogError) {
        let lastSeq = log.chain.nextSeq - 1
        guard let head = try AuditHeadFile.read(directory) else {
            // Only a log younger than its first checkpoint has none; a rotated one always has.
            var hasCheckpoints = log.fileCount > 1
            if !hasCheckpoints, log.fileCount == 1 { hasCheckpoints = try AuditLogResumption.containsCheckpoint(log.file) }
            if hasCheckpoints {
                throw .refusedToContinue("\(directory.headFile) is missing although the log has checkpoints, so a cut-short log could not be told apart; run authctl audit verify")
            }
            return
        }
        guard authenticator.isAuthentic(head.record) else {
            throw .refusedToContinue("the checkpoint in \(directory.headFile) does not authenticate under the log's key; run authctl audit verify")
        }
        if head.record.seq > lastSeq {
            throw .refusedToContinue("the log ends at seq \(lastSeq) but its last checkpoint (\(directory.headFile)) is seq \(head.record.seq): records were removed; run authctl audit verify, and move the directory aside to start a new log")
        }
        if head.record.seq == lastSeq, log.lastLine != head.line {
            throw .refusedToContinue("the last record (seq \(lastSeq)) is not the checkpoint in \(directory.headFile); run authctl audit verify")
        }
    }
}
