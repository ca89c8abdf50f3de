import Foundation
import SecretHandling
import XCTest

/// `SecureFile.read` on real files, FIFOs, directories and /proc.
final class SecureFileReadingTests: XCTestCase {
    func testReadsTheWholeFile() throws {
        let path = try makeTemporaryDirectory() + "/file"
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try writeFile(path, bytes)
        XCTAssertEqual(try SecureFile.read(path, limit: 1 << 20), bytes)
    }

    func testAnEmptyFileIsEmpty() throws {
        let path = try makeTemporaryDirectory() + "/empty"
        try writeFile(path, [])
        XCTAssertEqual(try SecureFile.read(path, limit: 16), [])
    }

    func testTheLimitIsInclusive() throws {
        let path = try makeTemporaryDirectory() + "/file"
        try writeFile(path, [UInt8](repeating: 7, count: 1024))
        XCTAssertEqual(try SecureFile.read(path, limit: 1024).count, 1024)
        XCTAssertThrowsError(try SecureFile.read(path, limit: 1023)) { error in
            XCTAssertEqual(error as? SecureFileError, .tooLarge(path: path, limit: 1023))
        }
    }

    func testAFileThatStatSaysIsEmptyIsStillReadToItsEnd() throws {
        // /proc files report size 0: the reader grows its buffer, bounded by the limit.
        let status = try SecureFile.read("/proc/self/status", limit: 1 << 20)
        XCTAssertTrue(String(decoding: status, as: UTF8.self).contains("Pid:"))
        XCTAssertThrowsError(try SecureFile.read("/proc/self/status", limit: 10)) { error in
            XCTAssertEqual(error as? SecureFileError, .tooLarge(path: "/proc/self/status", limit: 10))
        }
    }

    func testAMissingFileIsNamed() throws {
        let path = try makeTemporaryDirectory() + "/absent"
        XCTAssertThrowsError(try SecureFile.read(path, limit: 16)) { error in
            XCTAssertEqual(error as? SecureFileError, .missing(path: path))
            XCTAssertEqual("\(error)", "\(path) does not exist")
        }
    }

    func testDirectoriesAndFIFOsAreRefusedWithoutBlocking() throws {
        let directory = try makeTemporaryDirectory()
        XCTAssertThrowsError(try SecureFile.read(directory, limit: 16)) { error in
            XCTAssertEqual(error as? SecureFileError, .notARegularFile(path: directory))
        }
        // Opening a FIFO without a writer would block forever without O_NONBLOCK.
        let fifo = directory + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertThrowsError(try SecureFile.read(fifo, limit: 16)) { error in
            XCTAssertEqual(error as? SecureFileError, .notARegularFile(path: fifo))
        }
        XCTAssertThrowsError(try SecureFile.read("/dev/zero", limit: 16)) { error in
            XCTAssertEqual(error as? SecureFileError, .notARegularFile(path: "/dev/zero"), "a device would never end")
        }
    }

    func testOwnerOnlyAcceptsFilesOnlyTheOwnerCanAccess() throws {
        let path = try makeTemporaryDirectory() + "/key"
        try writeFile(path, Array("secret".utf8))
        for mode: mode_t in [0o600, 0o400] {
            XCTAssertEqual(chmod(path, mode), 0)
            XCTAssertEqual(try SecureFile.read(path, limit: 16, ownerOnly: true), Array("secret".utf8))
        }
    }

    func testOwnerOnlyRefusesGroupOrOtherAccessWithoutQuotingTheFile() throws {
        let path = try makeTemporaryDirectory() + "/key"
        let secret = "c2VjcmV0LWtleS1tYXRlcmlhbA=="
        try writeFile(path, Array(secret.utf8))
        for mode: mode_t in [0o640, 0o604, 0o660, 0o644, 0o610, 0o601] {
            XCTAssertEqual(chmod(path, mode), 0)
            XCTAssertThrowsError(try SecureFile.read(path, limit: 1024, ownerOnly: true)) { error in
                XCTAssertEqual(error as? SecureFileError, .insecurePermissions(path: path, mode: UInt32(mode)))
                XCTAssertTrue("\(error)".contains("mode 0\(String(mode, radix: 8))"), "\(error)")
                XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
                XCTAssertFalse("\(error)".contains(secret), "\(error)")
            }
        }
        XCTAssertEqual(try SecureFile.read(path, limit: 1024), Array(secret.utf8), "without ownerOnly the mode does not matter")
    }

    func testOwnerOnlyRefusesAnotherUsersFile() throws {
        let path = try makeTemporaryDirectory() + "/key"
        try writeFile(path, Array("secret".utf8))
        // The tests run as root (here and in CI), which may give the file away.
        XCTAssertEqual(chown(path, 65534, 65534), 0, "chown needs root: \(String(cString: strerror(errno)))")
        XCTAssertThrowsError(try SecureFile.read(path, limit: 16, ownerOnly: true)) { error in
            XCTAssertEqual(error as? SecureFileError, .notOwnedByUser(path: path, owner: 65534))
            XCTAssertTrue("\(error)".contains("owned by uid 65534"), "\(error)")
        }
    }

    func testReadWithIdentityGivesTheIdentityOfTheFileRead() throws {
        let path = try makeTemporaryDirectory() + "/file"
        try writeFile(path, Array("first".utf8))
        let (bytes, identity) = try SecureFile.readWithIdentity(path, limit: 16)
        XCTAssertEqual(bytes, Array("first".utf8))
        XCTAssertEqual(identity, try FileIdentity.current(at: path))
        XCTAssertEqual(identity.size, 5)
    }

    func testRequireOwnerOnlyChecksDirectoriesToo() throws {
        let directory = try makeTemporaryDirectory()
        XCTAssertEqual(chmod(directory, 0o700), 0)
        XCTAssertNoThrow(try SecureFile.requireOwnerOnly(directory))
        XCTAssertEqual(chmod(directory, 0o750), 0)
        XCTAssertThrowsError(try SecureFile.requireOwnerOnly(directory)) { error in
            XCTAssertEqual(error as? SecureFileError, .insecurePermissions(path: directory, mode: 0o750))
            XCTAssertTrue("\(error)".hasSuffix("(chmod 700)"), "\(error)")
        }
        XCTAssertThrowsError(try SecureFile.requireOwnerOnly(directory + "/absent")) { error in
            XCTAssertEqual(error as? SecureFileError, .missing(path: directory + "/absent"))
        }
    }

    func testExistsSeesDanglingLinks() throws {
        let directory = try makeTemporaryDirectory()
        XCTAssertFalse(SecureFile.exists(directory + "/link"))
        XCTAssertEqual(symlink(directory + "/nowhere", directory + "/link"), 0)
        XCTAssertTrue(SecureFile.exists(directory + "/link"))
    }
}
