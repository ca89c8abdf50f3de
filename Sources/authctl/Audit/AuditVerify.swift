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
            not delivered: a delivered log that stops early is not caught. With \
            --from-cloudwatch GROUP (--log-stream STREAM), the same for the events of each \
            stream, put in order by seq (a record delivered twice must be the same bytes), a \
            missing seq reported as a gap.
            """
    )
    @OptionGroup var log: AuditLogOptions
    @OptionGroup var key: AuditKeyOptions

    @Option(name: .customLong("from-s3"), help: "Check the decision log delivered to s3://BUCKET/PREFIX rather than DATA_DIR/audit.")
    var fromS3: String?

    @Option(name: .customLong("from-cloudwatch"), help: "Check the decision log delivered to this CloudWatch Logs group rather than DATA_DIR/audit.")
    var fromCloudWatch: String?

    @Option(help: "With --from-cloudwatch: the stream (default: every stream of the group but INSTANCE-service ones).")
    var logStream: String?

    @Option(help: "The bucket's or log group's region (default: AWS_REGION, AWS_DEFAULT_REGION).")
    var region: String?

    @Option(
        name: .customLong("endpoint-url"),
        help: "The S3 or CloudWatch Logs endpoint (default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, AWS_ENDPOINT_URL, AWS's)."
    )
    var endpointURL: String?

    func validate() throws {
        if fromS3 != nil, fromCloudWatch != nil { throw ValidationError("--from-s3 and --from-cloudwatch: one at a time") }
        if logStream != nil, fromCloudWatch == nil { throw ValidationError("--log-stream goes with --from-cloudwatch") }
    }

    func run() async throws {
        if fromS3 != nil || fromCloudWatch != nil {
            try await verifyDelivered()
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

    /// A delivered log put back together, before its chain is checked.
    private struct Delivered {
        var name: String
        var files: [String: [UInt8]]
        var problems: [String]
        var read: String
    }

    /// The decision log as delivered to S3 (each instance's on its own) or CloudWatch Logs (each stream's).
    private func verifyDelivered() async throws {
        let wrapped = try CheckpointKeyFile.read(from: log.directory)
        let logs: [Delivered]
        if let fromS3 {
            let delivered: S3DeliveredLog
            do {
                delivered = try S3DeliveredLog(url: fromS3, region: region, endpoint: endpointURL)
            } catch {
                throw ValidationError("--from-s3: \(error)")
            }
            let assembly = DeliveredLogAssembly(objects: try await delivered.objects())
            logs = assembly.instances.sorted { $0.key < $1.key }.map { instance, assembled in
                var read = "\(assembled.objects) objects"
                if assembled.duplicateBytes > 0 { read += " (\(assembled.duplicateBytes) bytes delivered twice, the same both times)" }
                return Delivered(name: instance, files: assembled.files, problems: assembled.problems.sorted(), read: read)
            }
            guard !logs.isEmpty else {
                print("BROKEN: no decision-log objects (INSTANCE/decisions-NNNNNN.jsonl/START-END.jsonl) under \(fromS3)")
                throw ExitCode(1)
            }
        } else {
            let group = fromCloudWatch ?? ""
            let delivered: CloudWatchDeliveredLog
            do {
                delivered = try CloudWatchDeliveredLog(logGroup: group, region: region, endpoint: endpointURL)
            } catch {
                throw ValidationError("--from-cloudwatch: \(error)")
            }
            // Without --log-stream: every stream but the service log's (INSTANCE-service).
            let streams = try await delivered.streams(logStream).filter { logStream != nil || !$0.stream.hasSuffix("-service") }
            logs = streams.map { stream, messages in
                let records = DeliveredRecords(lines: messages)
                var read = "\(messages.count) events"
                if records.duplicates > 0 { read += " (\(records.duplicates) records delivered twice, the same both times)" }
                read += "; CloudWatch keeps no files, so line N below is the record of the Nth seq"
                return Delivered(name: stream, files: ["decisions-000001.jsonl": records.file], problems: records.problems, read: read)
            }
            guard !logs.isEmpty else {
                print("BROKEN: no decision-log stream in the log group \(group)")
                throw ExitCode(1)
            }
        }
        let failed = try await key.withKeyService(gatewayDataDirectory: log.dataDirectory) { service in
            let authenticator = try await CheckpointKeyFile.unwrap(wrapped, keyService: service)
            var anyFailed = false
            for delivered in logs {
                let name = delivered.name
                if !delivered.problems.isEmpty {
                    for problem in delivered.problems { print("\(name): GAP or BROKEN: \(problem)") }
                    anyFailed = true
                    continue
                }
                let result = try Self.verify(delivered.files, authenticator: authenticator)
                if let broken = result.firstBreak, broken.reason != .headMissing {
                    print("\(name): BROKEN at \(broken)")
                    anyFailed = true
                    continue
                }
                var summary = "\(name): intact: \(delivered.read)"
                summary += ", \(result.files) files, \(result.records) records (seq 1 to \(result.lastSeq)), \(result.checkpoints) checkpoints"
                if result.unsealedRecords > 0 { summary += "; the last \(result.unsealedRecords) records are not sealed by a checkpoint yet" }
                print(summary)
            }
            return anyFailed
        }
        if failed { throw ExitCode(1) }
    }

    /// `files` checked as a local log, from a private temporary directory.
    private static func verify(_ files: [String: [UInt8]], authenticator: CheckpointAuthenticator) throws -> AuditVerification {
        let root = FileManager.default.temporaryDirectory.path + "/authctl-verify-\(UUID().uuidString)"
        let audit = root + "/audit"
        try FileManager.default.createDirectory(atPath: audit, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (name, bytes) in files {
            guard FileManager.default.createFile(atPath: audit + "/" + name, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw ValidationError("cannot write \(audit)/\(name)")
            }
        }
        return try AuditVerifier(directory: AuditDirectory(path: audit), authenticator: authenticator).verify()
    }
}
