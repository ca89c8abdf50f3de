import Crypto
import Foundation
import KeyManagement
import XCTest

/// Two services on one directory stand for the broker and `authctl`: each
/// sees the other's changes on its next call, and concurrent writers lose nothing.
final class LocalKeyServiceSharingTests: XCTestCase {
    private let context: EncryptionContext = ["segment": "0"]

    func testDisableByAnotherInstanceIsRefusedOnTheNextCall() async throws {
        let directory = try makeTemporaryDirectory()
        let rootKey = try randomRootKey()
        let broker = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        let admin = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        let kek = try await admin.createKey(alias: "shared", description: "")
        let dataKey = try await broker.generateDataKey(keyId: "alias/shared", context: context)

        // Toggling quickly keeps the file's size and may reuse its inode: each
        // state must still be seen, by the very next call.
        for _ in 0..<25 {
            try await admin.setKeyEnabled(kek.keyId, enabled: false)
            await XCTAssertThrowsKeyServiceError(.keyDisabled(kek.keyId)) { try await broker.decrypt(dataKey.wrapped, context: self.context) }
            try await admin.setKeyEnabled(kek.keyId, enabled: true)
            let unwrapped = try await broker.decrypt(dataKey.wrapped, context: context)
            XCTAssertEqual(unwrapped, dataKey.plaintext)
        }
    }

    func testEveryChangeMovesTheKeyringModificationTimeForward() async throws {
        // Other instances notice a change by the file's identity; when a new
        // file reuses an inode and has the same size, only the time tells.
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: nil, description: "")
        var previous: (Int, Int)?
        for index in 0..<50 {
            try await service.setKeyEnabled(kek.keyId, enabled: index % 2 == 0)
            var info = stat()
            XCTAssertEqual(stat(service.keyringPath, &info), 0)
            let modified = (info.st_mtim.tv_sec, info.st_mtim.tv_nsec)
            if let previous {
                XCTAssertTrue(modified > previous, "change \(index) did not move the modification time forward")
            }
            previous = modified
        }
    }

    func testRotationByAnotherInstanceIsUsedForTheNextDataKey() async throws {
        let directory = try makeTemporaryDirectory()
        let rootKey = try randomRootKey()
        let broker = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        let admin = try LocalKeyService(dataDirectory: directory, rootKey: rootKey)
        let kek = try await admin.createKey(alias: nil, description: "")
        let before = try await broker.generateDataKey(keyId: kek.keyId, context: context)
        _ = try await admin.rotateKey(kek.keyId)
        let after = try await broker.generateDataKey(keyId: kek.keyId, context: context)
        XCTAssertEqual(before.wrapped.keyVersion, 1)
        XCTAssertEqual(after.wrapped.keyVersion, 2)
    }

    func testConcurrentWritersInTwoInstancesLoseNoChange() async throws {
        let directory = try makeTemporaryDirectory()
        let rootKey = try randomRootKey()
        let services = [
            try LocalKeyService(dataDirectory: directory, rootKey: rootKey),
            try LocalKeyService(dataDirectory: directory, rootKey: rootKey),
        ]
        let created = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<24 {
                group.addTask {
                    try await services[index % 2].createKey(alias: "key-\(index)", description: "").keyId
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(created.count, 24)
        for service in services {
            let listed = try await service.listKeys()
            XCTAssertEqual(Set(listed.map(\.keyId)), created)
            XCTAssertEqual(Set(listed.compactMap(\.alias)), Set((0..<24).map { "alias/key-\($0)" }))
        }
    }

    func testConcurrentDataKeyRequestsAllUnwrap() async throws {
        let service = try LocalKeyService(dataDirectory: try makeTemporaryDirectory(), rootKey: try randomRootKey())
        let kek = try await service.createKey(alias: nil, description: "")
        let context = self.context
        let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    let dataKey = try await service.generateDataKey(keyId: kek.keyId, context: context)
                    return try await service.decrypt(dataKey.wrapped, context: context) != dataKey.plaintext
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        XCTAssertEqual(mismatches, 0)
    }
}
