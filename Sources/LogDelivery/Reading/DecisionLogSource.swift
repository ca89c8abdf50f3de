import Audit
import Foundation
import SecretHandling

/// The decision log's files, `DATA/audit/decisions-NNNNNN.jsonl`, each line's
/// time its record's `time`.
struct DecisionLogSource: LogSource {
    private let files: LogFileSource

    init(directory: AuditDirectory) {
        files = LogFileSource(
            directory: directory.path,
            files: {
                do {
                    return try directory.decisionFiles().map { (number: $0.number, name: $0.name) }
                } catch SecureFileError.missing {
                    return []
                }
            },
            timeReader: {
                let decoder = AuditLineDecoder()
                return { line in (try? decoder.decode(line)).map { $0.time.microsecondsSinceEpoch / 1000 } }
            }
        )
    }

    func batch(from position: LogPosition?, limits: BatchLimits) throws -> LogBatch? {
        try files.batch(from: position, limits: limits)
    }

    func pendingBytes(after position: LogPosition?) throws -> Int {
        try files.pendingBytes(after: position)
    }

    func skippedBytes(from old: LogPosition, to new: LogPosition) -> Int {
        files.skippedBytes(from: old, to: new)
    }
}
