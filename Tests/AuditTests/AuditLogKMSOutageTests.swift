import Crypto
import Foundation
import KeyManagement
import Synchronization
import XCTest
@testable import Audit

/// The checkpoint key is unwrapped once, when the log opens: a KMS that goes
/// away afterwards stops no checkpoint, rotation's or the timer's.
final class AuditLogKMSOutageTests: XCTestCase {
    func testCheckpointsGoOnWithTheKMSUnreachableAfterTheLogOpened() async throws {
        let fixture = try await AuditFixture(self)
        let kms = SwitchableKeyService(fixture.keyService)
        let log = try await AuditLog.open(
            directory: fixture.directory,
            configuration: AuditFixture.configuration(maximumFileBytes: 8_192, checkpointInterval: .milliseconds(50)),
            keyService: kms, logger: fixture.logs.logger, metrics: .off
        )
        kms.reachable.withLock { $0 = false }
        for index in 0..<100 { XCTAssertEqual(log.append(sampleDecision(index)), .accepted) }
        try eventually { try fixture.files.count > 2 }
        await log.close()

        let result = try await fixture.verify()
        XCTAssertNil(result.firstBreak)
        XCTAssertEqual(result.checkpoints, try fixture.files.count, "every file sealed, the KMS away")
        XCTAssertEqual(kms.refused.withLock { $0 }, 0, "the log never asked the KMS after opening")
    }
}

/// A key service that stops answering (`.unavailable`) when told, counting what it refused.
private final class SwitchableKeyService: KeyService {
    let base: any KeyService
    let reachable = Mutex(true)
    let refused = Mutex(0)

    init(_ base: any KeyService) { self.base = base }

    private func check() throws(KeyServiceError) {
        guard reachable.withLock({ $0 }) else {
            refused.withLock { $0 += 1 }
            throw .unavailable("switched off")
        }
    }

    func generateDataKey(keyId: String, context: EncryptionContext) async throws(KeyServiceError) -> DataKey {
        try check()
        return try await base.generateDataKey(keyId: keyId, context: context)
    }

    func decrypt(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> SymmetricKey {
        try check()
        return try await base.decrypt(wrapped, context: context)
    }

    func rewrap(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> WrappedKey {
        try check()
        return try await base.rewrap(wrapped, context: context)
    }

    func describeKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        try check()
        return try await base.describeKey(keyId)
    }

    func listKeys() async throws(KeyServiceError) -> [KeyDescription] {
        try check()
        return try await base.listKeys()
    }

    func createKey(alias: String?, description: String) async throws(KeyServiceError) -> KeyDescription {
        try check()
        return try await base.createKey(alias: alias, description: description)
    }

    func rotateKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        try check()
        return try await base.rotateKey(keyId)
    }

    func setKeyEnabled(_ keyId: String, enabled: Bool) async throws(KeyServiceError) {
        try check()
        try await base.setKeyEnabled(keyId, enabled: enabled)
    }
}
