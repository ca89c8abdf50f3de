import Authentication
import Authorization
import Crypto
import Foundation
import IamTestTokens
import KafkaProtocol
import KeyManagement
import PolicyStore
import Synchronization
import XCTest
@testable import Gateway

/// `PolicyHolder.install` with a real store and a real local KMS: the
/// secrets it opens authenticate, it opens each once, and a secret the KMS
/// will not open leaves its key unable to authenticate anyone.
final class IamPolicyHolderTests: XCTestCase {
    private static let sealingKey = "alias/portcullis-iam"

    private func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/portcullis-iam-holder-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: try XCTUnwrap(created))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A store with IAM users alice and bob, each allowed to Connect, and a KMS with the sealing key.
    private func storeAndKeyService() async throws -> (PolicyStore, LocalKeyService) {
        let rootKey = try RootKey(base64: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() })
        let keyService = try LocalKeyService(dataDirectory: try temporaryDirectory(), rootKey: rootKey)
        _ = try await PolicyStore.ensureIamSealingKey(Self.sealingKey, keyService: keyService)
        let store = try PolicyStore(dataDirectory: try temporaryDirectory())
        _ = try store.putIamPolicy("ConnectOnly", document: IamFixture.connectOnlyPolicy, actor: "test")
        for user in ["alice", "bob"] {
            _ = try store.addIamUser(user, actor: "test")
            _ = try store.attachIamPolicy("ConnectOnly", to: .user(user), actor: "test")
        }
        return (store, keyService)
    }

    private func token(_ kind: IamTokenKind, _ key: IamNewAccessKey) -> IamTestToken {
        IamFixture.token(kind, key.accessKey.accessKeyId) { $0.secret = key.secretAccessKey }
    }

    /// Authenticates with `token` against what `holder` holds now.
    private func authenticate(_ kind: IamTokenKind, _ token: IamTestToken, _ holder: PolicyHolder) -> IamSessionDriver {
        var driver = IamSessionDriver(IamFixture.configuration(), policy: holder.current)
        driver.authenticate(kind, token)
        return driver
    }

    func testAKeyCreatedInTheStoreAuthenticatesOnceInstalledAndIsOpenedOnce() async throws {
        let (store, local) = try await storeAndKeyService()
        let kms = CountingKeyService(local)
        let key = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: Self.sealingKey, keyService: kms, actor: "test")
        let holder = PolicyHolder(settings: AuthorizationSettings(), keyService: kms)
        for kind in IamTokenKind.allCases {
            XCTAssertNil(authenticate(kind, token(kind, key), holder).session, "authenticated before the snapshot was installed")
        }

        let snapshot = try store.snapshot()
        let callsBefore = kms.calls
        await holder.install(snapshot)
        XCTAssertEqual(kms.calls - callsBefore, 1, "one secret opened")
        for kind in IamTokenKind.allCases {
            let driver = authenticate(kind, token(kind, key), holder)
            XCTAssertEqual(driver.session?.principal.description, "User:" + IamFixture.arn(user: "alice"), "\(kind): \(driver.closeReason ?? "")")
        }

        await holder.install(snapshot)
        await holder.install(try store.snapshot())
        XCTAssertEqual(kms.calls - callsBefore, 1, "an unchanged snapshot asked the KMS again")
        XCTAssertNotNil(authenticate(.mskIam, token(.mskIam, key), holder).session)

        // A second key costs one more call, not one per key.
        let second = try await store.createIamAccessKey(forUser: "bob", sealingKeyId: Self.sealingKey, keyService: kms, actor: "test")
        let callsAfterCreate = kms.calls
        await holder.install(try store.snapshot())
        XCTAssertEqual(kms.calls - callsAfterCreate, 1)
        XCTAssertNotNil(authenticate(.oauthBearer, token(.oauthBearer, second), holder).session)
        XCTAssertNotNil(authenticate(.oauthBearer, token(.oauthBearer, key), holder).session)
    }

    func testAKeySealedUnderADisabledKmsKeyAuthenticatesNoOne() async throws {
        let (store, local) = try await storeAndKeyService()
        _ = try await PolicyStore.ensureIamSealingKey("alias/portcullis-iam-disabled", keyService: local)
        let sealedUnderDisabled = try await store.createIamAccessKey(
            forUser: "alice", sealingKeyId: "alias/portcullis-iam-disabled", keyService: local, actor: "test"
        )
        let working = try await store.createIamAccessKey(forUser: "bob", sealingKeyId: Self.sealingKey, keyService: local, actor: "test")
        try await local.setKeyEnabled("alias/portcullis-iam-disabled", enabled: false)

        let holder = PolicyHolder(settings: AuthorizationSettings(), keyService: local)
        await holder.install(try store.snapshot())
        for kind in IamTokenKind.allCases {
            let refused = authenticate(kind, token(kind, sealedUnderDisabled), holder)
            XCTAssertNil(refused.session, "\(kind)")
            XCTAssertTrue(refused.machine.isClosed)
            XCTAssertTrue(refused.authentications.first?.reason?.contains("(unknown-access-key)") == true,
                          refused.authentications.first?.reason ?? "no record")
            // The client hears what an access key id nobody has would get.
            var unknownToken = token(kind, sealedUnderDisabled)
            unknownToken.accessKeyId = IamFixture.unknownKey
            let unknown = authenticate(kind, unknownToken, holder)
            XCTAssertEqual(errorMessage(refused), errorMessage(unknown))
            XCTAssertEqual(errorMessage(refused), "Access denied")

            let driver = authenticate(kind, token(kind, working), holder)
            XCTAssertEqual(driver.session?.principal.description, "User:" + IamFixture.arn(user: "bob"), "\(kind): \(driver.closeReason ?? "")")
        }
    }

    private func errorMessage(_ driver: IamSessionDriver) -> String? {
        guard case .saslAuthenticate(let response)? = IamFixture.response(to: 2, in: driver.written, api: .saslAuthenticate, version: 2)
        else { return nil }
        return response.errorMessage
    }
}

/// The local KMS, counting the calls made to it: a seam no real part of the gateway reaches.
final class CountingKeyService: KeyService {
    private let base: LocalKeyService
    private let count = Mutex(0)

    init(_ base: LocalKeyService) {
        self.base = base
    }

    var calls: Int { count.withLock { $0 } }

    private func counted() {
        count.withLock { $0 += 1 }
    }

    func generateDataKey(keyId: String, context: EncryptionContext) async throws(KeyServiceError) -> DataKey {
        counted()
        return try await base.generateDataKey(keyId: keyId, context: context)
    }

    func decrypt(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> SymmetricKey {
        counted()
        return try await base.decrypt(wrapped, context: context)
    }

    func rewrap(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> WrappedKey {
        counted()
        return try await base.rewrap(wrapped, context: context)
    }

    func describeKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        counted()
        return try await base.describeKey(keyId)
    }

    func listKeys() async throws(KeyServiceError) -> [KeyDescription] {
        counted()
        return try await base.listKeys()
    }

    func createKey(alias: String?, description: String) async throws(KeyServiceError) -> KeyDescription {
        counted()
        return try await base.createKey(alias: alias, description: description)
    }

    func rotateKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        counted()
        return try await base.rotateKey(keyId)
    }

    func setKeyEnabled(_ keyId: String, enabled: Bool) async throws(KeyServiceError) {
        counted()
        try await base.setKeyEnabled(keyId, enabled: enabled)
    }
}
