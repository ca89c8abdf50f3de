import ArgumentParser
import Audit

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every link of the log and every checkpoint; report the first break and exit 1.",
        discussion: """
            Finds records edited, removed or reordered, checkpoints whose MAC is wrong, and a log \
            cut short before the checkpoint in DATA_DIR/audit/head.json. It cannot tell a log \
            cut back to an earlier checkpoint by someone who also rewrote head.json, nor \
            anything rewritten by someone holding the KMS key: compare with the checkpoints \
            the gateway's service log records at every rotation and at shutdown.
            """
    )
    @OptionGroup var log: AuditLogOptions
    @OptionGroup var key: AuditKeyOptions

    func run() async throws {
        let directory = log.directory
        let wrapped = try CheckpointKeyFile.read(from: directory)
        let result = try await key.withKeyService(gatewayDataDirectory: log.dataDirectory) { service in
            try AuditVerifier(directory: directory, authenticator: try await CheckpointKeyFile.unwrap(wrapped, keyService: service)).verify()
        }
        if let broken = result.firstBreak {
            print("BROKEN at \(broken)")
            throw ExitCode(1)
        }
        guard result.records > 0 else {
            print("intact: the log is empty")
            return
        }
        var summary = "intact: \(result.files) files, \(result.records) records (seq 1 to \(result.lastSeq)), \(result.checkpoints) checkpoints"
        if let headSeq = result.headSeq { summary += "; the log reaches head.json's checkpoint (seq \(headSeq))" }
        if result.unsealedRecords > 0 { summary += "; the last \(result.unsealedRecords) records are not sealed by a checkpoint yet" }
        if result.incompleteTailBytes > 0 { summary += "; the last file ends with \(result.incompleteTailBytes) bytes of a line being written or torn by a crash" }
        print(summary)
    }
}
