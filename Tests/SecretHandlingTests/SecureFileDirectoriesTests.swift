import Foundation
import SecretHandling
import XCTest

/// `SecureFile.makeDirectories` and `syncDirectory` on real directories.
final class SecureFileDirectoriesTests: XCTestCase {
    func testCreatesEveryMissingLevelWithExactlyTheModeUnderAnyUmask() throws {
        let root = try makeTemporaryDirectory()
        for (index, mask) in [mode_t(0o077), 0o022, 0o277].enumerated() {
            let path = root + "/\(index)/a/b"
            try withUmask(mask) { try SecureFile.makeDirectories(path) }
            for level in [root + "/\(index)", root + "/\(index)/a", path] {
                XCTAssertEqual(try permissions(of: level), 0o700, "\(level) under umask \(String(mask, radix: 8))")
            }
            let shared = root + "/\(index)/shared"
            try withUmask(mask) { try SecureFile.makeDirectories(shared, mode: 0o755) }
            XCTAssertEqual(try permissions(of: shared), 0o755)
        }
    }

    func testLeavesExistingDirectoriesAsTheyAre() throws {
        let root = try makeTemporaryDirectory()
        XCTAssertEqual(mkdir(root + "/existing", 0o755), 0)
        XCTAssertEqual(chmod(root + "/existing", 0o755), 0)
        try SecureFile.makeDirectories(root + "/existing/new")
        XCTAssertEqual(try permissions(of: root + "/existing"), 0o755)
        XCTAssertEqual(try permissions(of: root + "/existing/new"), 0o700)
        XCTAssertNoThrow(try SecureFile.makeDirectories(root + "/existing/new"), "all there already")
    }

    func testRelativePathsWork() throws {
        let root = try makeTemporaryDirectory()
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(root))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        try SecureFile.makeDirectories("relative/nested")
        XCTAssertEqual(try permissions(of: root + "/relative/nested"), 0o700)
    }

    func testAFileInTheWayIsNamed() throws {
        let root = try makeTemporaryDirectory()
        try writeFile(root + "/file", [1])
        XCTAssertThrowsError(try SecureFile.makeDirectories(root + "/file/below")) { error in
            XCTAssertEqual(error as? SecureFileError, .system(operation: "create directory", path: root + "/file/below", code: ENOTDIR))
            XCTAssertEqual("\(error)", "cannot create directory \(root)/file/below: Not a directory")
        }
        XCTAssertThrowsError(try SecureFile.makeDirectories(root + "/file"), "a file where the directory should be") { error in
            XCTAssertEqual(error as? SecureFileError, .system(operation: "create directory", path: root + "/file", code: ENOTDIR))
        }
    }

    func testSyncDirectoryNamesAMissingDirectory() throws {
        let root = try makeTemporaryDirectory()
        XCTAssertNoThrow(try SecureFile.syncDirectory(root))
        XCTAssertThrowsError(try SecureFile.syncDirectory(root + "/absent")) { error in
            XCTAssertEqual(error as? SecureFileError, .system(operation: "open directory", path: root + "/absent", code: ENOENT))
        }
    }
}
