import Foundation
import KeyManagement
import XCTest

/// Loading the root key: environment variable, owner-only file, development key.
final class RootKeyTests: XCTestCase {
    func testEnvironmentVariableAndFileWithTheSameTextOpenTheSameKeyring() async throws {
        let directory = try makeTemporaryDirectory()
        let text = randomRootKeyText()
        let fromEnvironment = try RootKey.load(
            environment: [RootKey.environmentVariable: text], file: nil, dataDirectory: directory, allowDevelopmentKey: false
        )
        XCTAssertEqual(fromEnvironment.source, .environment)
        XCTAssertNil(fromEnvironment.warning)
        let created = try await LocalKeyService(dataDirectory: directory, rootKey: fromEnvironment.rootKey).createKey(alias: "orders", description: "")

        let file = directory + "/root.key"
        try writeFile(file, text + "\n", mode: 0o600)
        let fromFile = try RootKey.load(environment: [:], file: file, dataDirectory: directory, allowDevelopmentKey: false)
        XCTAssertEqual(fromFile.source, .file(path: file))
        let described = try await LocalKeyService(dataDirectory: directory, rootKey: fromFile.rootKey).describeKey("alias/orders")
        XCTAssertEqual(described, created)
    }

    func testEnvironmentValueThatIsNotAKeyIsRefusedWithoutBeingEchoed() throws {
        let directory = try makeTemporaryDirectory()
        let shortKey = Data(repeating: 7, count: 16).base64EncodedString()
        for value in ["not base64 at all!", shortKey] {
            let message = rootKeyUnavailableMessage {
                try RootKey.load(environment: [RootKey.environmentVariable: value], file: nil, dataDirectory: directory, allowDevelopmentKey: true)
            }
            XCTAssertTrue(message?.contains(RootKey.environmentVariable) ?? false, message ?? "")
            XCTAssertFalse(message?.contains(value) ?? true, "the message repeats the variable's value")
        }
    }

    func testRootKeyFileReadableByOthersIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let file = directory + "/root.key"
        try writeFile(file, randomRootKeyText(), mode: 0o644)
        let message = rootKeyUnavailableMessage { try RootKey.read(fromFile: file) }
        XCTAssertTrue(message?.contains("mode 0644") ?? false, message ?? "")
        XCTAssertTrue(message?.contains("chmod 600") ?? false, message ?? "")
    }

    func testRootKeyFileOwnedByAnotherUserIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let file = directory + "/root.key"
        try writeFile(file, randomRootKeyText(), mode: 0o600)
        // The tests run as root (here and in CI), which may give the file away.
        XCTAssertEqual(chown(file, 65534, 65534), 0, "chown needs root: \(String(cString: strerror(errno)))")
        let message = rootKeyUnavailableMessage { try RootKey.read(fromFile: file) }
        XCTAssertTrue(message?.contains("owned by uid 65534") ?? false, message ?? "")
    }

    func testMissingRootKeyFileIsNamed() throws {
        let directory = try makeTemporaryDirectory()
        let message = rootKeyUnavailableMessage { try RootKey.read(fromFile: directory + "/absent.key") }
        XCTAssertTrue(message?.contains(directory + "/absent.key") ?? false, message ?? "")
    }

    func testDevelopmentKeyIsGeneratedOnceOwnerOnlyAndWarnedAbout() async throws {
        let directory = try makeTemporaryDirectory()
        let first = try RootKey.load(environment: [:], file: nil, dataDirectory: directory, allowDevelopmentKey: true)
        let path = directory + "/keys/root.key"
        XCTAssertEqual(first.source, .developmentFile(path: path))
        XCTAssertTrue(first.warning?.contains("generated a development root key at \(path)") ?? false, first.warning ?? "no warning")
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let created = try await LocalKeyService(dataDirectory: directory, rootKey: first.rootKey).createKey(alias: nil, description: "dev")

        let second = try RootKey.load(environment: [:], file: nil, dataDirectory: directory, allowDevelopmentKey: true)
        XCTAssertTrue(second.warning?.contains("using the development root key") ?? false, second.warning ?? "no warning")
        let described = try await LocalKeyService(dataDirectory: directory, rootKey: second.rootKey).describeKey(created.keyId)
        XCTAssertEqual(described, created, "the second start must reuse the generated key")
    }

    func testWithoutAnyRootKeyOutsideDevelopmentModeNothingIsGenerated() throws {
        let directory = try makeTemporaryDirectory()
        let message = rootKeyUnavailableMessage {
            try RootKey.load(environment: [:], file: nil, dataDirectory: directory, allowDevelopmentKey: false)
        }
        XCTAssertTrue(message?.contains(RootKey.environmentVariable) ?? false, message ?? "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/keys/root.key"))
    }

    func testEnvironmentAndFileTogetherAreRefusedAsAmbiguous() throws {
        let directory = try makeTemporaryDirectory()
        let file = directory + "/root.key"
        try writeFile(file, randomRootKeyText(), mode: 0o600)
        let message = rootKeyUnavailableMessage {
            try RootKey.load(environment: [RootKey.environmentVariable: randomRootKeyText()], file: file, dataDirectory: directory, allowDevelopmentKey: false)
        }
        XCTAssertTrue(message?.contains("both") ?? false, message ?? "")
    }

    func testRootKeyNeverPrintsItsBytes() throws {
        let text = randomRootKeyText()
        let key = try RootKey(base64: text)
        var dumped = ""
        dump(key, to: &dumped)
        for rendering in [String(describing: key), String(reflecting: key), dumped, "\(key)"] {
            XCTAssertFalse(rendering.contains(text), rendering)
            XCTAssertTrue(rendering.contains("redacted") || rendering.contains("RootKey"), rendering)
        }
    }

    private func writeFile(_ path: String, _ text: String, mode: mode_t) throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        XCTAssertEqual(chmod(path, mode), 0)
    }
}
