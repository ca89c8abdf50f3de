import Foundation
import XCTest

extension XCTestCase {
    /// A fresh directory, removed when the test ends.
    func makeTemporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/portcullis-secrets-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: try XCTUnwrap(created))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Runs `body` with the process umask set to `mask`, restoring it after.
    func withUmask<Result>(_ mask: mode_t, _ body: () throws -> Result) rethrows -> Result {
        let previous = umask(mask)
        defer { umask(previous) }
        return try body()
    }
}

/// The permission bits of a file or directory (symbolic links not followed).
func permissions(of path: String) throws -> mode_t {
    var status = stat()
    guard lstat(path, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    return status.st_mode & 0o7777
}

/// The names in a directory, sorted.
func names(in directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

/// Writes `bytes` with plain POSIX calls and sets exactly `mode`.
func writeFile(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o600) throws {
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    XCTAssertEqual(chmod(path, mode), 0)
}
