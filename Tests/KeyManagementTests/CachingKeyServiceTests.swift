import Crypto
import Foundation
import KeyManagement
import XCTest

/// The cache in front of the local KMS: served without the KMS while the KEK
/// is known to be enabled, refused soon after it is disabled anywhere.
final class CachingKeyServiceTests: XCTestCase {
    private let context: EncryptionContext = ["segment": "7"]

    func testCachedKeyIsServedWithoutTheServiceWithinTheInterval() async throws {
        let local = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let caching = CachingKeyService(local, cache: DataKeyCache(capacity: 8), revalidationInterval: .seconds(3600))
        let kek = try await caching.createKey(alias: nil, description: "")
        let cached = try await caching.generateDataKey(keyId: kek.keyId, context: context)
        let uncached = try await local.generateDataKey(keyId: kek.keyId, context: context)

        // Without the keyring the service knows no key: only the cache can answer.
        try FileManager.default.removeItem(atPath: local.keyringPath)
        let served = try await caching.decrypt(cached.wrapped, context: context)
        XCTAssertEqual(served, cached.plaintext)
        await XCTAssertThrowsKeyServiceError(.keyNotFound(kek.keyId)) { try await caching.decrypt(uncached.wrapped, context: self.context) }
    }

    func testKeyDisabledByAnotherProcessStopsBeingServedWithinTheInterval() async throws {
        let directory = try makeTemporaryDirectory()
        let rootKey = try randomRootKey()
        let broker = CachingKeyService(
            try LocalKeyService(dataDirectory: directory, rootKey: rootKey), cache: DataKeyCache(capacity: 8), revalidationInterval: .milliseconds(200)
        )
        let admin = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        let kek = try await admin.createKey(alias: nil, description: "")
        let other = try await admin.createKey(alias: nil, description: "")
        let dataKey = try await broker.generateDataKey(keyId: kek.keyId, context: context)
        let otherKey = try await broker.generateDataKey(keyId: other.keyId, context: context)
        XCTAssertEqual(broker.cache.count, 2)

        try await admin.setKeyEnabled(kek.keyId, enabled: false)
        try await Task.sleep(for: .milliseconds(300))
        await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) { try await broker.decrypt(dataKey.wrapped, context: self.context) }
        XCTAssertEqual(broker.cache.count, 1, "the disabled key's entries are purged, the other key's kept")
        let stillServed = try await broker.decrypt(otherKey.wrapped, context: context)
        XCTAssertEqual(stillServed, otherKey.plaintext)

        try await admin.setKeyEnabled(kek.keyId, enabled: true)
        try await Task.sleep(for: .milliseconds(300))
        let restored = try await broker.decrypt(dataKey.wrapped, context: context)
        XCTAssertEqual(restored, dataKey.plaintext)
    }

    func testDisablingThroughTheCachePurgesAtOnce() async throws {
        let local = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let caching = CachingKeyService(local, cache: DataKeyCache(capacity: 8), revalidationInterval: .seconds(3600))
        let kek = try await caching.createKey(alias: "purged", description: "")
        let dataKey = try await caching.generateDataKey(keyId: kek.keyId, context: context)

        try await caching.setKeyEnabled("alias/purged", enabled: false)
        XCTAssertEqual(caching.cache.count, 0)
        await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) { try await caching.decrypt(dataKey.wrapped, context: self.context) }
    }

    func testAnotherContextMissesTheCacheAndIsRefusedByTheService() async throws {
        let local = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let caching = CachingKeyService(local, cache: DataKeyCache(capacity: 8))
        let kek = try await caching.createKey(alias: nil, description: "")
        let dataKey = try await caching.generateDataKey(keyId: kek.keyId, context: context)
        await XCTAssertThrowsKeyServiceError(.invalidCiphertext) { try await caching.decrypt(dataKey.wrapped, context: ["segment": "8"]) }
    }

    func testUnwrappedKeysAreKeptForTheNextRead() async throws {
        let local = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await local.createKey(alias: nil, description: "")
        let dataKey = try await local.generateDataKey(keyId: kek.keyId, context: context)
        let caching = CachingKeyService(local, cache: DataKeyCache(capacity: 8), revalidationInterval: .seconds(3600))
        XCTAssertEqual(caching.cache.count, 0)
        let first = try await caching.decrypt(dataKey.wrapped, context: context)
        XCTAssertEqual(first, dataKey.plaintext)
        XCTAssertEqual(caching.cache.key(for: dataKey.wrapped, context: context), dataKey.plaintext)
    }
}
