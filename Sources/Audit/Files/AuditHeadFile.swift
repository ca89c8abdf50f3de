import SecretHandling

/// `head.json`: the line of the latest checkpoint, replaced atomically
/// (temporary file, fsync, rename, fsync of the directory) after that
/// checkpoint is durable in the log. The log must reach it: a log that ends
/// before it was cut short.
///
/// It is an anchor outside the log, not a proof: whoever can rewrite both the
/// log and this file can cut the log back to any earlier checkpoint and put
/// that checkpoint here, and whoever also holds the KMS key can rewrite
/// anything. Copying checkpoints off the machine (the service log has one at
/// every rotation and at shutdown) is what catches that.
enum AuditHeadFile {
    private static let sizeLimit = 64 << 10

    /// The checkpoint in the head file and its line; nil when there is none yet.
    static func read(_ directory: AuditDirectory) throws(AuditLogError) -> (record: AuditRecord, line: [UInt8])? {
        var bytes: [UInt8]
        do {
            bytes = try SecureFile.read(directory.headFile, limit: sizeLimit)
        } catch .missing {
            return nil
        } catch {
            throw .file(error)
        }
        guard bytes.last == UInt8(ascii: "\n") else {
            throw .invalidFile(path: directory.headFile, reason: "does not end with a newline")
        }
        bytes.removeLast()
        let record: AuditRecord
        do {
            record = try AuditLineDecoder().decode(bytes[...])
        } catch {
            throw .invalidFile(path: directory.headFile, reason: error.description)
        }
        guard record.kind == .checkpoint else {
            throw .invalidFile(path: directory.headFile, reason: "holds a \(record.kind.rawValue) record, not a checkpoint")
        }
        return (record, bytes)
    }

    static func replace(_ directory: AuditDirectory, with checkpointLine: [UInt8]) throws(SecureFileError) {
        try SecureFile.replace(directory.headFile, with: checkpointLine + [UInt8(ascii: "\n")])
    }
}
