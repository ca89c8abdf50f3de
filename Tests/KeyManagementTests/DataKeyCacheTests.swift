import Crypto
import KeyManagement
import XCTest

private func wrappedKey(_ name: String, keyId: String = "lk-a") -> WrappedKey {
    WrappedKey(keyId: keyId, keyVersion: 1, ciphertext: Array(name.utf8))
}

/// The bounded, least-recently-used cache of unwrapped data keys.
final class DataKeyCacheTests: XCTestCase {
    func testCapacityIsABoundAndTheLeastRecentlyUsedGoesFirst() {
        let cache = DataKeyCache(capacity: 3)
        let keys = (0..<4).map { _ in SymmetricKey(size: .bits256) }
        for (index, name) in ["a", "b", "c"].enumerated() {
            cache.insert(keys[index], for: wrappedKey(name), context: [:])
        }
        XCTAssertEqual(cache.key(for: wrappedKey("a"), context: [:]), keys[0], "touch a: b is now the least recently used")
        cache.insert(keys[3], for: wrappedKey("d"), context: [:])
        XCTAssertEqual(cache.count, 3)
        XCTAssertNil(cache.key(for: wrappedKey("b"), context: [:]))
        XCTAssertEqual(cache.key(for: wrappedKey("a"), context: [:]), keys[0])
        XCTAssertEqual(cache.key(for: wrappedKey("c"), context: [:]), keys[2])
        XCTAssertEqual(cache.key(for: wrappedKey("d"), context: [:]), keys[3])

        for index in 0..<100 {
            cache.insert(SymmetricKey(size: .bits256), for: wrappedKey("many-\(index)"), context: [:])
        }
        XCTAssertEqual(cache.count, 3)
    }

    func testReinsertingAKeyDoesNotEvictAnother() {
        let cache = DataKeyCache(capacity: 2)
        let key = SymmetricKey(size: .bits256)
        cache.insert(key, for: wrappedKey("a"), context: [:])
        cache.insert(key, for: wrappedKey("b"), context: [:])
        cache.insert(key, for: wrappedKey("a"), context: [:])
        XCTAssertNotNil(cache.key(for: wrappedKey("b"), context: [:]))
        XCTAssertEqual(cache.count, 2)
    }

    func testTheContextIsPartOfTheEntry() {
        let cache = DataKeyCache(capacity: 8)
        let key = SymmetricKey(size: .bits256)
        cache.insert(key, for: wrappedKey("a"), context: ["segment": "1"])
        XCTAssertEqual(cache.key(for: wrappedKey("a"), context: ["segment": "1"]), key)
        XCTAssertNil(cache.key(for: wrappedKey("a"), context: ["segment": "2"]))
        XCTAssertNil(cache.key(for: wrappedKey("a"), context: [:]))
        var otherVersion = wrappedKey("a")
        otherVersion.keyVersion = 2
        XCTAssertNil(cache.key(for: otherVersion, context: ["segment": "1"]))
    }

    func testEntriesExpireAfterTheirTimeToLive() async throws {
        let cache = DataKeyCache(capacity: 8, timeToLive: .milliseconds(500))
        let key = SymmetricKey(size: .bits256)
        cache.insert(key, for: wrappedKey("a"), context: [:])
        XCTAssertEqual(cache.key(for: wrappedKey("a"), context: [:]), key)
        try await Task.sleep(for: .milliseconds(700))
        XCTAssertNil(cache.key(for: wrappedKey("a"), context: [:]))
        XCTAssertEqual(cache.count, 0)
    }

    func testRemovingAKeyIdLeavesOtherKeys() {
        let cache = DataKeyCache(capacity: 8)
        let key = SymmetricKey(size: .bits256)
        cache.insert(key, for: wrappedKey("a1", keyId: "lk-a"), context: [:])
        cache.insert(key, for: wrappedKey("a2", keyId: "lk-a"), context: [:])
        cache.insert(key, for: wrappedKey("b1", keyId: "lk-b"), context: [:])
        cache.removeAll(keyId: "lk-a")
        XCTAssertEqual(cache.count, 1)
        XCTAssertNil(cache.key(for: wrappedKey("a1", keyId: "lk-a"), context: [:]))
        XCTAssertNotNil(cache.key(for: wrappedKey("b1", keyId: "lk-b"), context: [:]))
        cache.removeAll()
        XCTAssertEqual(cache.count, 0)
    }

    func testConcurrentUseKeepsTheBound() async {
        let cache = DataKeyCache(capacity: 16)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<500 {
                        let name = wrappedKey("\(worker)-\(index % 40)")
                        if cache.key(for: name, context: [:]) == nil {
                            cache.insert(SymmetricKey(size: .bits256), for: name, context: [:])
                        }
                    }
                }
            }
        }
        XCTAssertEqual(cache.count, 16)
    }
}
