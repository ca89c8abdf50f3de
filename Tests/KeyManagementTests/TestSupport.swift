import Crypto
import Foundation
import KeyManagement
import XCTest

extension XCTestCase {
    /// A fresh directory, removed when the test ends.
    func makeTemporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/portcullis-keys-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: try XCTUnwrap(created))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}

/// Base64 of 32 fresh random bytes: what an operator puts in PORTCULLIS_ROOT_KEY.
func randomRootKeyText() -> String {
    SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
}

func randomRootKey() throws -> RootKey {
    try RootKey(base64: randomRootKeyText())
}

/// Every textual form of a secret that must never appear in messages.
func encodings(of key: SymmetricKey) -> [String] {
    key.withUnsafeBytes { bytes in
        let data = Data(bytes)
        return [data.base64EncodedString(), data.map { String(format: "%02x", $0) }.joined()]
    }
}

/// Asserts that `body` throws exactly `expected`.
func XCTAssertThrowsKeyServiceError<T>(
    _ expected: KeyServiceError,
    _ body: () async throws -> T,
    file: StaticString = #filePath,
    line: UInt = #line
) async {
    do {
        _ = try await body()
        XCTFail("expected \(expected), but it succeeded", file: file, line: line)
    } catch {
        XCTAssertEqual(error as? KeyServiceError, expected, file: file, line: line)
    }
}

/// The `.rootKeyUnavailable` message `body` throws, or a failure.
func rootKeyUnavailableMessage<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> String? {
    do {
        _ = try body()
        XCTFail("expected .rootKeyUnavailable, but it succeeded", file: file, line: line)
    } catch KeyServiceError.rootKeyUnavailable(let message) {
        return message
    } catch {
        XCTFail("expected .rootKeyUnavailable, got \(error)", file: file, line: line)
    }
    return nil
}
