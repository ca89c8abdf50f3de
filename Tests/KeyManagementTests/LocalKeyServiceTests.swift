import Crypto
import Foundation
import KeyManagement
import XCTest

/// The local KMS against a real keyring file in a temporary directory.
final class LocalKeyServiceTests: XCTestCase {
    private let context: EncryptionContext = ["topic": "orders", "partition": "3", "segment": "00000000000000001000"]

    func testDataKeyUnwrapsWithTheSameContextByIdOrAlias() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: "orders", description: "orders topic")
        XCTAssertTrue(kek.keyId.hasPrefix("lk-"))
        XCTAssertEqual(kek.alias, "alias/orders")
        XCTAssertEqual(kek.currentVersion, 1)

        let byId = try await service.generateDataKey(keyId: kek.keyId, context: context)
        let byAlias = try await service.generateDataKey(keyId: "alias/orders", context: context)
        for dataKey in [byId, byAlias] {
            XCTAssertEqual(dataKey.wrapped.keyId, kek.keyId, "wrapped keys name the KEK by id, not alias")
            XCTAssertEqual(dataKey.wrapped.keyVersion, 1)
            XCTAssertEqual(dataKey.plaintext.bitCount, 256)
            let unwrapped = try await service.decrypt(dataKey.wrapped, context: context)
            XCTAssertEqual(unwrapped, dataKey.plaintext)
        }
        XCTAssertNotEqual(byId.plaintext, byAlias.plaintext)
        XCTAssertNotEqual(byId.wrapped.ciphertext, byAlias.wrapped.ciphertext)
    }

    func testAnotherContextCannotUnwrap() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: nil, description: "")
        let dataKey = try await service.generateDataKey(keyId: kek.keyId, context: context)
        var otherPartition = context
        otherPartition["partition"] = "4"
        var extraEntry = context
        extraEntry["tenant"] = "a"
        // Same bytes split differently between key and value must not collide.
        let shifted: EncryptionContext = ["ab": "c"]
        let original: EncryptionContext = ["a": "bc"]
        let shiftedKey = try await service.generateDataKey(keyId: kek.keyId, context: original)
        for (wrapped, wrongContext) in [(dataKey.wrapped, otherPartition), (dataKey.wrapped, extraEntry), (dataKey.wrapped, [:]), (shiftedKey.wrapped, shifted)] {
            await XCTAssertThrowsKeyServiceError(.invalidCiphertext) { try await service.decrypt(wrapped, context: wrongContext) }
        }
        // Dictionary order does not matter.
        let reordered = EncryptionContext(uniqueKeysWithValues: context.reversed())
        let unwrapped = try await service.decrypt(dataKey.wrapped, context: reordered)
        XCTAssertEqual(unwrapped, dataKey.plaintext)
    }

    func testEveryAlteredByteOfAWrappedKeyIsRefused() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: nil, description: "")
        let other = try await service.createKey(alias: nil, description: "")
        let wrapped = try await service.generateDataKey(keyId: kek.keyId, context: context).wrapped
        for index in wrapped.ciphertext.indices {
            var tampered = wrapped
            tampered.ciphertext[index] ^= 0x01
            await XCTAssertThrowsKeyServiceError(.invalidCiphertext) { try await service.decrypt(tampered, context: self.context) }
        }
        var truncated = wrapped
        truncated.ciphertext.removeLast()
        var wrongVersion = wrapped
        wrongVersion.keyVersion = 2
        var otherKek = wrapped
        otherKek.keyId = other.keyId
        for bad in [truncated, wrongVersion, otherKek] {
            await XCTAssertThrowsKeyServiceError(.invalidCiphertext) { try await service.decrypt(bad, context: self.context) }
        }
    }

    func testRotationWrapsNewKeysUnderTheNewVersionAndOldKeysStillUnwrap() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: "rotating", description: "")
        let before = try await service.generateDataKey(keyId: kek.keyId, context: context)
        let rotated = try await service.rotateKey("alias/rotating")
        XCTAssertEqual(rotated.currentVersion, 2)
        let described = try await service.describeKey(kek.keyId)
        XCTAssertEqual(described.currentVersion, 2)

        let after = try await service.generateDataKey(keyId: kek.keyId, context: context)
        XCTAssertEqual(before.wrapped.keyVersion, 1)
        XCTAssertEqual(after.wrapped.keyVersion, 2)
        let oldUnwrapped = try await service.decrypt(before.wrapped, context: context)
        let newUnwrapped = try await service.decrypt(after.wrapped, context: context)
        XCTAssertEqual(oldUnwrapped, before.plaintext)
        XCTAssertEqual(newUnwrapped, after.plaintext)
    }

    func testRewrapMovesToTheNewestVersionAndKeepsTheDataKey() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: nil, description: "")
        let original = try await service.generateDataKey(keyId: kek.keyId, context: context)
        _ = try await service.rotateKey(kek.keyId)
        _ = try await service.rotateKey(kek.keyId)

        let rewrapped = try await service.rewrap(original.wrapped, context: context)
        XCTAssertEqual(rewrapped.keyId, kek.keyId)
        XCTAssertEqual(rewrapped.keyVersion, 3)
        XCTAssertNotEqual(rewrapped.ciphertext, original.wrapped.ciphertext)
        let unwrapped = try await service.decrypt(rewrapped, context: context)
        XCTAssertEqual(unwrapped, original.plaintext)
        await XCTAssertThrowsKeyServiceError(.invalidCiphertext) { try await service.rewrap(original.wrapped, context: [:]) }
    }

    func testDisabledKeyRefusesEveryUseUntilEnabledAgain() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: "shredded", description: "")
        let dataKey = try await service.generateDataKey(keyId: kek.keyId, context: context)

        try await service.setKeyEnabled("alias/shredded", enabled: false)
        let disabled = try await service.describeKey(kek.keyId)
        XCTAssertFalse(disabled.enabled)
        await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) { try await service.decrypt(dataKey.wrapped, context: self.context) }
        await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) { try await service.generateDataKey(keyId: "alias/shredded", context: self.context) }
        await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) { try await service.rewrap(dataKey.wrapped, context: self.context) }
        await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) { try await service.rotateKey(kek.keyId) }

        try await service.setKeyEnabled(kek.keyId, enabled: true)
        let unwrapped = try await service.decrypt(dataKey.wrapped, context: context)
        XCTAssertEqual(unwrapped, dataKey.plaintext)
    }

    func testUnknownKeysAreNotFound() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: nil, description: "")
        let dataKey = try await service.generateDataKey(keyId: kek.keyId, context: context)
        var unknown = dataKey.wrapped
        unknown.keyId = "lk-00000000000000000000000000000000"
        await XCTAssertThrowsKeyServiceError(.keyNotFound("lk-00000000000000000000000000000000")) { try await service.decrypt(unknown, context: self.context) }
        await XCTAssertThrowsKeyServiceError(.keyNotFound("alias/none")) { try await service.describeKey("alias/none") }
        await XCTAssertThrowsKeyServiceError(.keyNotFound("alias/none")) { try await service.setKeyEnabled("alias/none", enabled: false) }
        await XCTAssertThrowsKeyServiceError(.keyNotFound("none")) { try await service.rotateKey("none") }
    }

    func testAliasesAreUniqueAndWellFormed() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        _ = try await service.createKey(alias: "alias/payments", description: "")
        await XCTAssertThrowsKeyServiceError(.aliasInUse("alias/payments")) { try await service.createKey(alias: "payments", description: "") }
        for bad in ["", "alias/", "has space", "semi;colon", String(repeating: "x", count: 251)] {
            do {
                _ = try await service.createKey(alias: bad, description: "")
                XCTFail("alias \"\(bad)\" was accepted")
            } catch KeyServiceError.serviceFailure(let message) {
                XCTAssertTrue(message.contains("invalid alias"), message)
            }
        }
        let keys = try await service.listKeys()
        XCTAssertEqual(keys.map(\.alias), ["alias/payments"], "refused creations must not leave keys behind")
    }

    func testKeysAndVersionsSurviveReopening() async throws {
        let directory = try makeTemporaryDirectory()
        let rootKey = try randomRootKey()
        let first = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        let a = try await first.createKey(alias: "a", description: "first key")
        let b = try await first.createKey(alias: nil, description: "second key")
        _ = try await first.rotateKey(b.keyId)
        try await first.setKeyEnabled(a.keyId, enabled: false)
        let dataKey = try await first.generateDataKey(keyId: b.keyId, context: context)
        let listed = try await first.listKeys()

        let reopened = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        let relisted = try await reopened.listKeys()
        XCTAssertEqual(relisted, listed)
        XCTAssertEqual(relisted.map(\.enabled), [false, true])
        XCTAssertEqual(relisted.map(\.currentVersion), [1, 2])
        XCTAssertEqual(relisted.map(\.description), ["first key", "second key"])
        let unwrapped = try await reopened.decrypt(dataKey.wrapped, context: context)
        XCTAssertEqual(unwrapped, dataKey.plaintext)
    }

    func testAnotherRootKeyCannotOpenTheKeyring() async throws {
        let directory = try makeTemporaryDirectory()
        _ = try await LocalKeyService(dataDirectory: directory, rootKey: try randomRootKey()).createKey(alias: nil, description: "")
        let message = rootKeyUnavailableMessage { try LocalKeyService(dataDirectory: directory, rootKey: try randomRootKey()) }
        XCTAssertTrue(message?.contains("sealed under another root key") ?? false, message ?? "")
    }

    func testAlteredKeyringFileIsRefused() async throws {
        let directory = try makeTemporaryDirectory()
        let rootKey = try randomRootKey()
        let service = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        _ = try await service.createKey(alias: nil, description: "")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: service.keyringPath))
        bytes[bytes.count - 20] ^= 0x80
        try bytes.write(to: URL(fileURLWithPath: service.keyringPath))
        let message = rootKeyUnavailableMessage { try LocalKeyService(dataDirectory: directory, rootKey: rootKey) }
        XCTAssertTrue(message?.contains("damaged or was altered") ?? false, message ?? "")
    }

    func testKeyringFileIsOwnerOnlyAndShowsNothingInTheClear() async throws {
        let directory = try makeTemporaryDirectory()
        let service = try LocalKeyService(dataDirectory: directory, rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: "visible-alias", description: "visible description")
        XCTAssertEqual(service.keyringPath, directory + "/keys/keyring.sealed")
        var info = stat()
        XCTAssertEqual(stat(service.keyringPath, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(stat(directory + "/keys", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: service.keyringPath))
        XCTAssertEqual(Array(bytes.prefix(4)), Array("PCKR".utf8))
        for clear in ["visible-alias", "visible description", kek.keyId, "material", "format"] {
            XCTAssertNil(bytes.range(of: Data(clear.utf8)), "\(clear) is readable in the keyring file")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory + "/keys").filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "temporary files must be renamed or removed")
    }
}
