import SecretHandling

/// Where the writer goes on in the log on disk: the last file, cut back to
/// its last complete line, and the chain after that line.
///
/// A last line without its newline is a write torn by a crash (the batch it
/// belonged to was never fsynced, so never reported durable): it is cut off,
/// and the writer says so in the service log.
struct AuditLogResumption {
    var file: AuditLogFile
    /// The part of `file` to keep.
    var size: Int
    /// Bytes after the last complete line, cut off.
    var tornByteCount: Int
    var chain: AuditChain
    /// The last record's line (nil for a log without records).
    var lastLine: [UInt8]?
    var lastRecordIsCheckpoint: Bool
    var fileCount: Int

    var isEmpty: Bool { lastLine == nil }

    static func find(in directory: AuditDirectory) throws(AuditLogError) -> AuditLogResumption {
        let files: [AuditLogFile]
        do {
            files = try directory.decisionFiles()
        } catch {
            throw .file(error)
        }
        guard let last = files.last else {
            return AuditLogResumption(
                file: directory.decisionFile(1), size: 0, tornByteCount: 0, chain: .start, lastLine: nil,
                lastRecordIsCheckpoint: false, fileCount: 0
            )
        }
        let end = try lastLine(of: last)
        var resumption = AuditLogResumption(
            file: last, size: end.size, tornByteCount: end.tornByteCount, chain: .start, lastLine: nil,
            lastRecordIsCheckpoint: false, fileCount: files.count
        )
        // An empty last file (a crash right after a rotation) continues the chain of the file before it.
        for file in files.reversed() {
            guard let line = file == last ? end.line : try lastLine(of: file).line else { continue }
            let record: AuditRecord
            do {
                record = try AuditLineDecoder().decode(line.bytes[...])
            } catch {
                throw .invalidFile(path: file.path, reason: "line \(line.number), the last record, is unreadable (\(error)); run authctl audit verify")
            }
            resumption.chain = AuditChain(after: record, line: line.bytes[...])
            resumption.lastLine = line.bytes
            resumption.lastRecordIsCheckpoint = record.kind == .checkpoint
            break
        }
        return resumption
    }

    /// Whether any complete line of `file` is a checkpoint.
    static func containsCheckpoint(_ file: AuditLogFile) throws(AuditLogError) -> Bool {
        let decoder = AuditLineDecoder()
        let reader = try reader(file)
        do {
            while let line = try reader.next() {
                if (try? decoder.decode(line.bytes[...]))?.kind == .checkpoint { return true }
            }
        } catch {
            throw .file(error)
        }
        return false
    }

    private static func lastLine(of file: AuditLogFile) throws(AuditLogError) -> (line: AuditLine?, size: Int, tornByteCount: Int) {
        var last: AuditLine?
        let reader = try reader(file)
        do {
            while let line = try reader.next() { last = line }
        } catch {
            throw .file(error)
        }
        return (last, reader.offset, reader.incompleteByteCount)
    }

    private static func reader(_ file: AuditLogFile) throws(AuditLogError) -> AuditLineReader {
        do {
            return try AuditLineReader(file)
        } catch {
            throw .file(error)
        }
    }
}
