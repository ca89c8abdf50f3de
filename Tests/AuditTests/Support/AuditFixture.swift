import Audit
import KeyManagement
import Observability
import XCTest

/// A gateway data directory with a broker's local KMS under DIR/broker, as
/// `portcullis dev` lays them out, and the log in DIR/audit.
struct AuditFixture {
    let dataDirectory: String
    let directory: AuditDirectory
    let keyService: LocalKeyService
    let logs = CapturedLogs()

    init(_ test: XCTestCase) async throws {
        dataDirectory = try test.makeTemporaryDirectory()
        directory = AuditDirectory(dataDirectory: dataDirectory)
        keyService = try await makeLocalKeyService(dataDirectory: dataDirectory + "/broker")
    }

    /// A configuration that neither rotates nor checkpoints on its own within a test, unless told.
    static func configuration(
        maximumFileBytes: Int = 64 << 20, checkpointInterval: Duration = .seconds(3_600), queueCapacity: Int = 65_536
    ) -> AuditConfiguration {
        var configuration = AuditConfiguration()
        configuration.maximumFileBytes = maximumFileBytes
        configuration.checkpointInterval = checkpointInterval
        configuration.queueCapacity = queueCapacity
        configuration.retryInterval = .milliseconds(20)
        return configuration
    }

    func open(_ configuration: AuditConfiguration = AuditFixture.configuration(), metrics: PortcullisMetrics = .off) async throws -> AuditLog {
        try await AuditLog.open(
            directory: directory, configuration: configuration, keyService: keyService, logger: logs.logger, metrics: metrics
        )
    }

    /// Opens, appends `count` sample decisions (numbered from `first`) and closes.
    func write(_ count: Int, from first: Int = 0, _ configuration: AuditConfiguration = AuditFixture.configuration()) async throws {
        let log = try await open(configuration)
        for index in first..<first + count {
            XCTAssertEqual(log.append(sampleDecision(index)), .accepted)
        }
        await log.close()
    }

    func verify() async throws -> AuditVerification {
        try AuditVerifier(directory: directory, authenticator: try await CheckpointKeyFile.load(from: directory, keyService: keyService)).verify()
    }

    func assertIntact(file: StaticString = #filePath, line: UInt = #line) async throws {
        let result = try await verify()
        XCTAssertNil(result.firstBreak, file: file, line: line)
    }

    var files: [AuditLogFile] {
        get throws { try directory.decisionFiles() }
    }
}
