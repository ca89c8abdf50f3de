import Crypto
import Foundation
import KeyManagement
import NIOCore
import XCTest

/// No error that any failure path produces names key material.
final class SecretRedactionTests: XCTestCase {
    func testNoErrorDescriptionContainsKeyBytes() async throws {
        let directory = try makeTemporaryDirectory()
        let rootKeyText = randomRootKeyText()
        let rootKey = try RootKey(base64: rootKeyText)
        let service = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        let kek = try await service.createKey(alias: "secret", description: "")
        let context: EncryptionContext = ["segment": "1"]
        let dataKey = try await service.generateDataKey(keyId: kek.keyId, context: context)
        var tampered = dataKey.wrapped
        tampered.ciphertext[20] ^= 1

        var errors: [any Error] = []
        func collect<T>(_ body: () async throws -> T) async {
            do { _ = try await body() } catch { errors.append(error) }
        }
        await collect { try await service.decrypt(dataKey.wrapped, context: ["segment": "2"]) }
        await collect { try await service.decrypt(tampered, context: context) }
        await collect { try await service.createKey(alias: "secret", description: "") }
        try await service.setKeyEnabled(kek.keyId, enabled: false)
        await collect { try await service.decrypt(dataKey.wrapped, context: context) }
        await collect { try LocalKeyService(dataDirectory: directory, rootKey: try randomRootKey()) }
        await collect { try RootKey.load(environment: [RootKey.environmentVariable: String(rootKeyText.dropLast(4))], file: nil, dataDirectory: directory, allowDevelopmentKey: false) }
        let rootKeyFile = directory + "/loose.key"
        XCTAssertTrue(FileManager.default.createFile(atPath: rootKeyFile, contents: Data(rootKeyText.utf8)))
        XCTAssertEqual(chmod(rootKeyFile, 0o644), 0)
        await collect { try RootKey.read(fromFile: rootKeyFile) }
        let cipher = try EnvelopeCipher(key: dataKey.plaintext, sealLimit: 1)
        var sealed = ByteBuffer()
        try cipher.seal(ByteBuffer(string: "batch"), authenticating: [1], appendingTo: &sealed)
        var output = ByteBuffer()
        await collect { try cipher.open(sealed, authenticating: [2], appendingTo: &output) }
        await collect { try cipher.seal(ByteBuffer(string: "batch"), authenticating: [1], appendingTo: &output) }
        XCTAssertEqual(errors.count, 9, "every failure path above must have failed")

        let secrets = [rootKeyText, String(rootKeyText.dropLast(4))] + encodings(of: dataKey.plaintext)
        for error in errors {
            for rendering in [String(describing: error), String(reflecting: error), error.localizedDescription] {
                for secret in secrets {
                    XCTAssertFalse(rendering.contains(secret), "\(rendering) contains key material")
                }
            }
        }
    }
}
