import AWSSigV4
import Crypto
import Foundation
import KeyManagement
import MotoTestServer
import Synchronization
import XCTest

/// `AWSKeyService` against a real moto server, started once for this class.
/// moto does not check signatures here (see AWSSignatureVerificationTests for that).
final class AWSKeyServiceTests: XCTestCase {
    private static let moto = Mutex<Result<AWSMotoServer, any Error>?>(nil)
    private static let secretAccessKey = "moto-test-secret-do-not-print"

    private var services: [AWSKeyService] = []
    private var server: AWSMotoServer!

    override class func setUp() {
        super.setUp()
        moto.withLock { $0 = Result { try AWSMotoServer.start() } }
    }

    override class func tearDown() {
        moto.withLock { server in
            try? server?.get().stop()
            server = nil
        }
        super.tearDown()
    }

    override func tearDown() async throws {
        for service in services { try await service.shutdown() }
    }

    /// A service on this class's moto. Tests call it first, so that a missing
    /// moto fails each test with the reason (an error thrown by setUp would
    /// be reported as a skip as well).
    private func connect() throws -> AWSKeyService {
        server = try Self.moto.withLock { try $0!.get() }
        let service = AWSKeyService(configuration: try AWSKeyServiceConfiguration(
            region: "us-east-1",
            endpoint: server.endpoint,
            credentials: AWSCredentials(accessKeyId: "AKIDMOTOTEST", secretAccessKey: Self.secretAccessKey),
            requestTimeout: .seconds(5)
        ))
        services.append(service)
        return service
    }

    private func uniqueAlias(_ name: String = #function) -> String {
        "alias/\(name.prefix { $0 != "(" })-\(UUID().uuidString.prefix(8))"
    }

    private let context: EncryptionContext = ["topic": "orders", "partition": "3", "segment": "00000000000000000042"]

    private func bytes(_ key: SymmetricKey) -> [UInt8] {
        key.withUnsafeBytes { Array($0) }
    }

    private func caught(_ body: () async throws -> Void) async -> KeyServiceError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? KeyServiceError
        }
    }

    private func assertThrows(
        _ expected: KeyServiceError,
        _ body: () async throws -> Void,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async {
        let error = await caught(body)
        XCTAssertEqual(error, expected, file: file, line: line)
    }

    func testGeneratedDataKeyDecryptsToTheSameBytesWithItsContext() async throws {
        let service = try connect()
        let created = try await service.createKey(alias: uniqueAlias(), description: "segments")
        let dataKey = try await service.generateDataKey(keyId: created.alias!, context: context)

        XCTAssertEqual(dataKey.plaintext.bitCount, 256)
        XCTAssertEqual(dataKey.wrapped.keyId, created.keyId, "wrapped keys name the key by ARN")
        XCTAssertTrue(dataKey.wrapped.keyId.hasPrefix("arn:aws:kms:us-east-1:"), dataKey.wrapped.keyId)
        XCTAssertNil(dataKey.wrapped.keyVersion)
        XCTAssertNil(dataKey.wrapped.ciphertext.firstRange(of: bytes(dataKey.plaintext)), "the wrapped key holds the data key in clear")

        let unwrapped = try await service.decrypt(dataKey.wrapped, context: context)
        XCTAssertEqual(bytes(unwrapped), bytes(dataKey.plaintext))

        let another = try await service.generateDataKey(keyId: created.keyId, context: context)
        XCTAssertNotEqual(bytes(another.plaintext), bytes(dataKey.plaintext))
    }

    func testWrongContextOrTamperedCiphertextIsInvalidCiphertext() async throws {
        let service = try connect()
        let created = try await service.createKey(alias: uniqueAlias(), description: "")
        let wrapped = try await service.generateDataKey(keyId: created.keyId, context: context).wrapped

        var otherPartition = context
        otherPartition["partition"] = "4"
        await assertThrows(.invalidCiphertext) { _ = try await service.decrypt(wrapped, context: otherPartition) }
        await assertThrows(.invalidCiphertext) { _ = try await service.decrypt(wrapped, context: [:]) }

        var tampered = wrapped
        tampered.ciphertext[tampered.ciphertext.count - 1] ^= 0x01
        await assertThrows(.invalidCiphertext) { _ = try await service.decrypt(tampered, context: context) }
    }

    func testRewrapKeepsThePlaintext() async throws {
        let service = try connect()
        let created = try await service.createKey(alias: nil, description: "rewrap")
        let dataKey = try await service.generateDataKey(keyId: created.keyId, context: context)

        let rewrapped = try await service.rewrap(dataKey.wrapped, context: context)
        XCTAssertEqual(rewrapped.keyId, created.keyId)
        XCTAssertNotEqual(rewrapped.ciphertext, dataKey.wrapped.ciphertext)
        let unwrapped = try await service.decrypt(rewrapped, context: context)
        XCTAssertEqual(bytes(unwrapped), bytes(dataKey.plaintext))

        var otherContext = context
        otherContext["topic"] = "payments"
        await assertThrows(.invalidCiphertext) { _ = try await service.rewrap(dataKey.wrapped, context: otherContext) }
    }

    /// moto 5.2 records the state but keeps decrypting under a disabled key
    /// (AWS refuses with DisabledException, mapped in AWSKMSFailureTests).
    func testDisableAndEnableChangeTheKeyState() async throws {
        let service = try connect()
        let alias = uniqueAlias()
        let created = try await service.createKey(alias: alias, description: "")
        let dataKey = try await service.generateDataKey(keyId: alias, context: context)

        try await service.setKeyEnabled(alias, enabled: false)
        let disabled = try await service.describeKey(created.keyId)
        XCTAssertFalse(disabled.enabled)
        let listed = try await service.listKeys().first { $0.keyId == created.keyId }
        XCTAssertEqual(listed?.enabled, false)

        try await service.setKeyEnabled(created.keyId, enabled: true)
        let enabled = try await service.describeKey(alias)
        XCTAssertTrue(enabled.enabled)
        let unwrapped = try await service.decrypt(dataKey.wrapped, context: context)
        XCTAssertEqual(bytes(unwrapped), bytes(dataKey.plaintext))
    }

    func testDescribeAndListShowTheKey() async throws {
        let service = try connect()
        let alias = uniqueAlias()
        let before = Date().timeIntervalSince1970
        let created = try await service.createKey(alias: alias, description: "orders segments")

        XCTAssertEqual(created.alias, alias)
        XCTAssertEqual(created.description, "orders segments")
        XCTAssertTrue(created.enabled)
        XCTAssertNil(created.currentVersion, "AWS exposes no key versions")
        XCTAssertEqual(created.createdAt, before, accuracy: 60)

        let byAlias = try await service.describeKey(alias)
        let byArn = try await service.describeKey(created.keyId)
        XCTAssertEqual(byAlias, created)
        XCTAssertEqual(byArn, created)
        let unnamed = try await service.createKey(alias: nil, description: "no alias")
        XCTAssertNil(unnamed.alias)

        let listed = try await service.listKeys()
        XCTAssertEqual(listed.filter { $0.keyId == created.keyId }, [created])
        XCTAssertEqual(listed.filter { $0.keyId == unnamed.keyId }, [unnamed])
    }

    func testAliasWithoutPrefixIsGivenOne() async throws {
        let service = try connect()
        let name = "segments-\(UUID().uuidString.prefix(8))"
        let created = try await service.createKey(alias: name, description: "")
        XCTAssertEqual(created.alias, "alias/\(name)")
        let described = try await service.describeKey("alias/\(name)")
        XCTAssertEqual(described.keyId, created.keyId)
    }

    func testTakenAliasIsAliasInUseAndMakesNoKey() async throws {
        let service = try connect()
        let alias = uniqueAlias()
        _ = try await service.createKey(alias: alias, description: "first")
        let keysBefore = try await service.listKeys().count

        await assertThrows(.aliasInUse(alias)) { _ = try await service.createKey(alias: alias, description: "second") }
        let keysAfter = try await service.listKeys().count
        XCTAssertEqual(keysAfter, keysBefore)
    }

    /// A key is made before its alias; when AWS refuses the alias, the key is
    /// scheduled for deletion rather than left usable and unnamed.
    func testRefusedAliasLeavesNoUsableKey() async throws {
        let service = try connect()
        let enabledBefore = try await service.listKeys().filter(\.enabled).count
        do {
            _ = try await service.createKey(alias: "alias/not allowed!", description: "")
            XCTFail("moto accepted an alias with a space")
        } catch {
            guard case .serviceFailure(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.hasPrefix("AWS KMS CreateAlias failed: ValidationException"), message)
        }
        let enabledAfter = try await service.listKeys().filter(\.enabled).count
        XCTAssertEqual(enabledAfter, enabledBefore)
    }

    func testUnknownKeyIsKeyNotFound() async throws {
        let service = try connect()
        let missingAlias = uniqueAlias()
        let missingId = UUID().uuidString.lowercased()
        await assertThrows(.keyNotFound(missingAlias)) { _ = try await service.describeKey(missingAlias) }
        await assertThrows(.keyNotFound(missingId)) { _ = try await service.generateDataKey(keyId: missingId, context: context) }
        await assertThrows(.keyNotFound(missingAlias)) { try await service.setKeyEnabled(missingAlias, enabled: false) }
        await assertThrows(.keyNotFound(missingAlias)) { _ = try await service.rotateKey(missingAlias) }

        let created = try await service.createKey(alias: nil, description: "")
        var wrapped = try await service.generateDataKey(keyId: created.keyId, context: context).wrapped
        wrapped.keyId = missingId
        await assertThrows(.keyNotFound(missingId)) { _ = try await service.decrypt(wrapped, context: context) }
    }

    func testRotationKeepsOldDataKeysReadable() async throws {
        let service = try connect()
        let alias = uniqueAlias()
        let created = try await service.createKey(alias: alias, description: "rotating")
        let before = try await service.generateDataKey(keyId: alias, context: context)

        let rotated = try await service.rotateKey(alias)
        XCTAssertEqual(rotated, created)
        let rotations = try server.runPython("""
            import boto3, sys
            kms = boto3.client("kms", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
            print(len(kms.list_key_rotations(KeyId="\(created.keyId)")["Rotations"]))
            """)
        XCTAssertEqual(rotations.trimmingCharacters(in: .whitespacesAndNewlines), "1", "RotateKeyOnDemand did not reach KMS")

        let oldUnwrapped = try await service.decrypt(before.wrapped, context: context)
        XCTAssertEqual(bytes(oldUnwrapped), bytes(before.plaintext))
        let after = try await service.generateDataKey(keyId: alias, context: context)
        let newUnwrapped = try await service.decrypt(after.wrapped, context: context)
        XCTAssertEqual(bytes(newUnwrapped), bytes(after.plaintext))
    }

    func testErrorsNameKeysButNoSecretOrDataKey() async throws {
        let service = try connect()
        let alias = uniqueAlias()
        _ = try await service.createKey(alias: alias, description: "")
        let dataKey = try await service.generateDataKey(keyId: alias, context: context)
        let keyBytes = bytes(dataKey.plaintext)

        var errors: [KeyServiceError] = []
        let attempts: [() async throws -> Void] = [
            { _ = try await service.decrypt(dataKey.wrapped, context: ["topic": "other"]) },
            { _ = try await service.createKey(alias: alias, description: "") },
            { _ = try await service.describeKey("not-a-key-id") },
            { _ = try await service.generateDataKey(keyId: "alias/missing-\(UUID().uuidString)", context: self.context) },
            { _ = try await service.createKey(alias: "alias/not allowed!", description: "") },
        ]
        for attempt in attempts {
            if let error = await caught(attempt) { errors.append(error) }
        }
        XCTAssertEqual(errors.count, attempts.count)
        XCTAssertTrue(errors.contains { if case .serviceFailure = $0 { true } else { false } }, "\(errors)")
        for error in errors {
            for text in [String(describing: error), String(reflecting: error), error.localizedDescription] {
                XCTAssertFalse(text.contains(Self.secretAccessKey), text)
                XCTAssertFalse(text.contains(Data(keyBytes).base64EncodedString()), text)
                XCTAssertFalse(text.contains(keyBytes.map { String(format: "%02x", $0) }.joined()), text)
            }
        }
    }
}
