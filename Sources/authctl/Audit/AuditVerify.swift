import ArgumentParser
import Audit
import Foundation
import LogDelivery

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

            With --from-s3 s3://BUCKET/PREFIX, checks the log as delivered to S3 instead \
            (log.delivery.s3.*): each instance's objects are put back into its files by the \
            offsets in their names (a batch delivered twice must hold the same bytes both \
            times), a range no object holds is reported as a gap, and the files are then \
            checked as above, with the checkpoint key from DATA_DIR/audit. head.json is \
            not delivered: a delivered log that stops early is not caught.
            """
    )
    @OptionGroup var log: AuditLogOptions
    @OptionGroup var key: AuditKeyOptions

    @Option(name: .customLong("from-s3"), help: "Check the decision log delivered to s3://BUCKET/PREFIX rather than DATA_DIR/audit.")
    var fromS3: String?

    @Option(help: "The bucket's region (default: AWS_REGION, AWS_DEFAULT_REGION).")
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: "The S3 endpoint (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, AWS's).")
    var endpointURL: String?

    func run() async throws {
        if let fromS3 {
            try await verifyDelivered(fromS3)
            return
        }
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

    /// The decision log as delivered to S3, each instance's on its own.
    private func verifyDelivered(_ url: String) async throws {
        let wrapped = try CheckpointKeyFile.read(from: log.directory)
        let delivered: S3DeliveredLog
        do {
            delivered = try S3DeliveredLog(url: url, region: region, endpoint: endpointURL)
        } catch {
            throw ValidationError("--from-s3: \(error)")
        }
        let assembly = DeliveredLogAssembly(objects: try await delivered.objects())
        guard !assembly.instances.isEmpty else {
            print("BROKEN: no decision-log objects (INSTANCE/decisions-NNNNNN.jsonl/START-END.jsonl) under \(url)")
            throw ExitCode(1)
        }
        let failed = try await key.withKeyService(gatewayDataDirectory: log.dataDirectory) { service in
            let authenticator = try await CheckpointKeyFile.unwrap(wrapped, keyService: service)
            var anyFailed = false
            for (instance, assembled) in assembly.instances.sorted(by: { $0.key < $1.key }) {
                if !assembled.problems.isEmpty {
                    for problem in assembled.problems.sorted() { print("\(instance): GAP or BROKEN: \(problem)") }
                    anyFailed = true
                    continue
                }
                let result = try Self.verify(assembled, authenticator: authenticator)
                if let broken = result.firstBreak, broken.reason != .headMissing {
                    print("\(instance): BROKEN at \(broken)")
                    anyFailed = true
                    continue
                }
                var summary = "\(instance): intact: \(assembled.objects) objects"
                if assembled.duplicateBytes > 0 { summary += " (\(assembled.duplicateBytes) bytes delivered twice, the same both times)" }
                summary += ", \(result.files) files, \(result.records) records (seq 1 to \(result.lastSeq)), \(result.checkpoints) checkpoints"
                if result.unsealedRecords > 0 { summary += "; the last \(result.unsealedRecords) records are not sealed by a checkpoint yet" }
                print(summary)
            }
            return anyFailed
        }
        if failed { throw ExitCode(1) }
    }

    /// `assembled`'s files checked as a local log, from a private temporary directory.
    private static func verify(
        _ assembled: DeliveredLogAssembly.Instance, authenticator: CheckpointAuthenticator
    ) throws -> AuditVerification {
        let root = FileManager.default.temporaryDirectory.path + "/authctl-verify-\(UUID().uuidString)"
        let audit = root + "/audit"
        try FileManager.default.createDirectory(atPath: audit, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (name, bytes) in assembled.files {
            guard FileManager.default.createFile(atPath: audit + "/" + name, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw ValidationError("cannot write \(audit)/\(name)")
            }
        }
        return try AuditVerifier(directory: AuditDirectory(path: audit), authenticator: authenticator).verify()
    }
}
