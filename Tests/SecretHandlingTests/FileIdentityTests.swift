import Foundation
import SecretHandling
import XCTest

/// Every way a file gets changed changes its identity; leaving it alone does not.
final class FileIdentityTests: XCTestCase {
    func testNothingThereHasNoIdentity() throws {
        XCTAssertNil(try FileIdentity.current(at: try makeTemporaryDirectory() + "/absent"))
    }

    func testAnUntouchedFileKeepsItsIdentity() throws {
        let path = try makeTemporaryDirectory() + "/file"
        try writeFile(path, [1, 2, 3])
        XCTAssertEqual(try FileIdentity.current(at: path), try FileIdentity.current(at: path))
    }

    func testReplacingByRenameChangesTheInode() throws {
        let path = try makeTemporaryDirectory() + "/file"
        try SecureFile.replace(path, with: [1, 2, 3])
        let before = try XCTUnwrap(FileIdentity.current(at: path))
        try SecureFile.replace(path, with: [1, 2, 3], modificationTime: before.modified)
        let after = try XCTUnwrap(FileIdentity.current(at: path))
        XCTAssertNotEqual(before.inode, after.inode)
        XCTAssertNotEqual(before, after)
    }

    func testRewritingInPlaceIsSeenEvenWithTheSameSizeAndTheOldModificationTime() throws {
        let path = try makeTemporaryDirectory() + "/file"
        try writeFile(path, [1, 2, 3])
        let before = try XCTUnwrap(FileIdentity.current(at: path))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data([4, 5, 6]))
        try handle.close()
        // What `cp -p` or `touch -d` does: put the old modification time back.
        var times = [timespec(tv_sec: before.modified.seconds, tv_nsec: before.modified.nanoseconds)]
        times.append(times[0])
        XCTAssertEqual(utimensat(AT_FDCWD, path, times, 0), 0)
        let after = try XCTUnwrap(FileIdentity.current(at: path))
        XCTAssertEqual(after.inode, before.inode)
        XCTAssertEqual(after.size, before.size)
        XCTAssertEqual(after.modified, before.modified)
        XCTAssertNotEqual(after, before, "the status-change time tells them apart")
    }

    func testASymlinkSwapIsFollowed() throws {
        let directory = try makeTemporaryDirectory()
        try writeFile(directory + "/one", [1])
        try writeFile(directory + "/two", [1])
        XCTAssertEqual(symlink(directory + "/one", directory + "/current"), 0)
        let before = try FileIdentity.current(at: directory + "/current")
        XCTAssertEqual(before, try FileIdentity.current(at: directory + "/one"))
        XCTAssertEqual(unlink(directory + "/current"), 0)
        XCTAssertEqual(symlink(directory + "/two", directory + "/current"), 0)
        XCTAssertNotEqual(try FileIdentity.current(at: directory + "/current"), before)
    }

    func testTimestampsOrderAndStepByOneNanosecond() {
        let time = FileIdentity.Timestamp(seconds: 10, nanoseconds: 999_999_998)
        XCTAssertEqual(time.successor, FileIdentity.Timestamp(seconds: 10, nanoseconds: 999_999_999))
        XCTAssertEqual(time.successor.successor, FileIdentity.Timestamp(seconds: 11, nanoseconds: 0))
        XCTAssertLessThan(time, time.successor)
        XCTAssertLessThan(time.successor, time.successor.successor)
        XCTAssertLessThan(FileIdentity.Timestamp(seconds: 1_700_000_000, nanoseconds: 0), FileIdentity.Timestamp.now())
    }
}
