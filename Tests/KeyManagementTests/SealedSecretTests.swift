import Crypto
import Foundation
import KeyManagement
import XCTest

/// `SealedSecret` against the real local KMS.
final class SealedSecretTests: XCTestCase {
    private let context: EncryptionContext = ["portcullis:purpose": "iam-secret", "portcullis:access-key-id": "AKIAABCDEFGHIJKLMNOP"]
    private let secret = Array("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8)

    private func makeService() async throws -> (LocalKeyService, KeyDescription) {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        return (service, try await service.createKey(alias: "portcullis-iam", description: "IAM secrets"))
    }

    private func opened(_ key: SymmetricKey) -> [UInt8] {
        key.withUnsafeBytes { Array($0) }
    }

    func testRoundTripByAliasAndReorderedContext() async throws {
        let (service, kek) = try await makeService()
        let sealed = try await SealedSecret.seal(secret, context: context, keyId: "alias/portcullis-iam", keyService: service)
        XCTAssertEqual(sealed.wrappedKey.keyId, kek.keyId)
        XCTAssertEqual(sealed.ciphertext.count, secret.count + EnvelopeCipher.overhead)
        XCTAssertNil(sealed.ciphertext.firstRange(of: secret), "the secret is not in the sealed bytes")
        let reordered = EncryptionContext(uniqueKeysWithValues: context.reversed())
        let reopened = try await sealed.open(context: reordered, keyService: service)
        XCTAssertEqual(opened(reopened), secret)
        // Two seals of one secret share nothing: fresh data key, fresh nonce.
        let again = try await SealedSecret.seal(secret, context: context, keyId: kek.keyId, keyService: service)
        XCTAssertNotEqual(again.ciphertext, sealed.ciphertext)
        XCTAssertNotEqual(again.wrappedKey, sealed.wrappedKey)
    }

    func testSerializedFormReadsBackExactlyAndRefusesDamage() async throws {
        let (service, _) = try await makeService()
        let sealed = try await SealedSecret.seal(secret, context: context, keyId: "alias/portcullis-iam", keyService: service)
        let bytes = sealed.serialized
        XCTAssertEqual(try SealedSecret(serialized: bytes), sealed)
        let reread = try await SealedSecret(serialized: bytes).open(context: context, keyService: service)
        XCTAssertEqual(opened(reread), secret)
        let unversioned = SealedSecret(wrappedKey: WrappedKey(keyId: "arn:aws:kms:k", keyVersion: nil, ciphertext: [1, 2, 3]), ciphertext: Array(repeating: 7, count: 40))
        XCTAssertEqual(try SealedSecret(serialized: unversioned.serialized), unversioned)
        // Empty, an unknown format, cut inside the header, inside the wrapped key, or with no room for nonce and tag.
        for damaged in [[], [2] + bytes.dropFirst(), Array(bytes.prefix(3)), Array(bytes.prefix(30)), Array(bytes.prefix(bytes.count - secret.count - 1))] {
            XCTAssertThrowsError(try SealedSecret(serialized: damaged))
        }
    }

    func testAnotherContextIsRefused() async throws {
        let (service, _) = try await makeService()
        let sealed = try await SealedSecret.seal(secret, context: context, keyId: "alias/portcullis-iam", keyService: service)
        var otherKey = context
        otherKey["portcullis:access-key-id"] = "AKIAZZZZZZZZZZZZZZZZ"
        for wrong in [otherKey, [:], context.merging(["extra": "1"]) { $1 }] {
            do {
                _ = try await sealed.open(context: wrong, keyService: service)
                XCTFail("opened under \(wrong)")
            } catch {
                XCTAssertEqual(error as? KeyServiceError, .invalidCiphertext)
            }
        }
    }

    func testTamperedCiphertextIsRefused() async throws {
        let (service, _) = try await makeService()
        let sealed = try await SealedSecret.seal(secret, context: context, keyId: "alias/portcullis-iam", keyService: service)
        for index in sealed.ciphertext.indices {
            var tampered = sealed
            tampered.ciphertext[index] ^= 0x80
            do {
                _ = try await tampered.open(context: context, keyService: service)
                XCTFail("opened with byte \(index) altered")
            } catch {
                XCTAssertEqual(error as? SealedSecretError, .authenticationFailed)
            }
        }
        var truncated = sealed
        truncated.ciphertext = Array(sealed.ciphertext.prefix(EnvelopeCipher.overhead))
        do {
            _ = try await truncated.open(context: context, keyService: service)
            XCTFail("opened a truncated secret")
        } catch {
            XCTAssertEqual(error as? SealedSecretError, .authenticationFailed)
        }
    }

    func testDisabledKeyIsRefusedUntilEnabledAgain() async throws {
        let (service, kek) = try await makeService()
        let sealed = try await SealedSecret.seal(secret, context: context, keyId: "alias/portcullis-iam", keyService: service)
        try await service.setKeyEnabled(kek.keyId, enabled: false)
        await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) { try await sealed.open(context: self.context, keyService: service) }
        await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) {
            try await SealedSecret.seal(self.secret, context: self.context, keyId: kek.keyId, keyService: service)
        }
        try await service.setKeyEnabled(kek.keyId, enabled: true)
        let enabledAgain = try await sealed.open(context: context, keyService: service)
        XCTAssertEqual(opened(enabledAgain), secret)
    }

    func testEmptyOrHugeSecretsAreRefused() async throws {
        let (service, _) = try await makeService()
        for size in [0, SealedSecret.maximumSecretByteCount + 1] {
            do {
                _ = try await SealedSecret.seal(Array(repeating: 1, count: size), context: context, keyId: "alias/portcullis-iam", keyService: service)
                XCTFail("sealed \(size) bytes")
            } catch {
                XCTAssertEqual(error as? SealedSecretError, .invalidSecretSize(size))
            }
        }
    }
}
