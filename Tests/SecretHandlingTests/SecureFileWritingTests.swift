import Foundation
import SecretHandling
import Synchronization
import XCTest

/// `SecureFile.replace` and `createIfAbsent` on real files: exact modes whatever
/// the umask, readers never see a partial file, nothing left behind.
final class SecureFileWritingTests: XCTestCase {
    func testModesAreExactUnderAnyUmask() throws {
        let directory = try makeTemporaryDirectory()
        for mask: mode_t in [0o077, 0o022, 0o000] {
            for mode: mode_t in [0o600, 0o644, 0o640, 0o400] {
                let replaced = directory + "/replaced-\(mask)-\(mode)"
                let created = directory + "/created-\(mask)-\(mode)"
                try withUmask(mask) {
                    try SecureFile.replace(replaced, with: [1, 2, 3], mode: mode)
                    XCTAssertTrue(try SecureFile.createIfAbsent(created, with: [1, 2, 3], mode: mode))
                }
                XCTAssertEqual(try permissions(of: replaced), mode, "replace, umask \(String(mask, radix: 8))")
                XCTAssertEqual(try permissions(of: created), mode, "createIfAbsent, umask \(String(mask, radix: 8))")
            }
        }
    }

    func testTheDefaultModeIsOwnerOnly() throws {
        let directory = try makeTemporaryDirectory()
        try withUmask(0o000) {
            try SecureFile.replace(directory + "/a", with: [1])
            XCTAssertTrue(try SecureFile.createIfAbsent(directory + "/b", with: [1]))
        }
        XCTAssertEqual(try permissions(of: directory + "/a"), 0o600)
        XCTAssertEqual(try permissions(of: directory + "/b"), 0o600)
    }

    func testReplaceOverwritesAndLeavesNoTemporaryFile() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/file"
        try SecureFile.replace(path, with: Array("old contents, longer".utf8))
        try SecureFile.replace(path, with: Array("new".utf8), mode: 0o644)
        XCTAssertEqual(try SecureFile.read(path, limit: 64), Array("new".utf8))
        XCTAssertEqual(try permissions(of: path), 0o644, "the new file's mode, not the old one's")
        XCTAssertEqual(try names(in: directory), ["file"])
    }

    func testReadersSeeTheOldOrTheNewFileNeverAMix() throws {
        let path = try makeTemporaryDirectory() + "/file"
        let versions = [[UInt8](repeating: 0x61, count: 256 * 1024), [UInt8](repeating: 0x62, count: 192 * 1024)]
        try SecureFile.replace(path, with: versions[0])
        let state = ReaderState()
        let reader = Thread {
            while !state.stop.load(ordering: .relaxed) {
                guard let bytes = try? SecureFile.read(path, limit: 1 << 20) else {
                    state.torn.add(1, ordering: .relaxed)
                    continue
                }
                if !versions.contains(bytes) { state.torn.add(1, ordering: .relaxed) }
                state.reads.add(1, ordering: .relaxed)
            }
            state.finished.signal()
        }
        reader.start()
        for round in 0..<100 {
            try SecureFile.replace(path, with: versions[round % 2])
        }
        state.stop.store(true, ordering: .relaxed)
        state.finished.wait()
        XCTAssertGreaterThan(state.reads.load(ordering: .relaxed), 0, "the reader ran")
        XCTAssertEqual(state.torn.load(ordering: .relaxed), 0, "a read saw a missing, partial or mixed file")
    }

    func testAFailedReplaceKeepsWhatWasThereAndCleansUp() throws {
        let directory = try makeTemporaryDirectory()
        // rename(2) cannot put a file over a non-empty directory.
        let target = directory + "/occupied"
        XCTAssertEqual(mkdir(target, 0o700), 0)
        try writeFile(target + "/inside", [1])
        XCTAssertThrowsError(try SecureFile.replace(target, with: [9, 9, 9])) { error in
            guard case .system(let operation, let path, _)? = error as? SecureFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "rename over")
            XCTAssertEqual(path, target)
        }
        XCTAssertEqual(try names(in: directory), ["occupied"], "the temporary file is removed")
        XCTAssertEqual(try names(in: target), ["inside"])
    }

    func testWritingIntoAMissingDirectoryNamesIt() throws {
        let path = try makeTemporaryDirectory() + "/absent/file"
        XCTAssertThrowsError(try SecureFile.replace(path, with: [1])) { error in
            guard case .system("create", let temporary, ENOENT)? = error as? SecureFileError else { return XCTFail("\(error)") }
            XCTAssertTrue(temporary.hasPrefix(path + "."), temporary)
            XCTAssertTrue(temporary.hasSuffix(".tmp"), "leftovers are recognisable by their suffix: \(temporary)")
        }
    }

    func testReplaceSetsTheModificationTimeItIsGiven() throws {
        let path = try makeTemporaryDirectory() + "/file"
        let time = FileIdentity.Timestamp(seconds: 1_700_000_000, nanoseconds: 123_456_789)
        try SecureFile.replace(path, with: [1], modificationTime: time)
        XCTAssertEqual(try XCTUnwrap(FileIdentity.current(at: path)).modified, time)
        try SecureFile.replace(path, with: [2], modificationTime: time.successor)
        XCTAssertEqual(try XCTUnwrap(FileIdentity.current(at: path)).modified, time.successor)
    }

    func testCreateIfAbsentNeverReplaces() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/file"
        XCTAssertTrue(try SecureFile.createIfAbsent(path, with: Array("first".utf8)))
        XCTAssertFalse(try SecureFile.createIfAbsent(path, with: Array("second".utf8), mode: 0o644))
        XCTAssertEqual(try SecureFile.read(path, limit: 64), Array("first".utf8))
        XCTAssertEqual(try permissions(of: path), 0o600)
        XCTAssertEqual(try names(in: directory), ["file"], "no temporary file is left, whether linked or not")
    }

    func testConcurrentCreatorsAgreeOnOneWinnerWithCompleteContents() throws {
        for _ in 0..<20 {
            let directory = try makeTemporaryDirectory()
            let path = directory + "/file"
            let contents = (0..<8).map { [UInt8](repeating: UInt8($0), count: 64 * 1024) }
            let winners = Mutex<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: contents.count) { index in
                if (try? SecureFile.createIfAbsent(path, with: contents[index])) == true {
                    winners.withLock { $0.append(index) }
                }
            }
            let winner = try XCTUnwrap(winners.withLock { $0.count == 1 ? $0.first : nil }, "exactly one creator wins")
            XCTAssertEqual(try SecureFile.read(path, limit: 1 << 20), contents[winner])
            XCTAssertEqual(try names(in: directory), ["file"])
        }
    }
}

/// Shared between the writing test and its reader thread.
private final class ReaderState: Sendable {
    let stop = Atomic<Bool>(false)
    let reads = Atomic<Int>(0)
    let torn = Atomic<Int>(0)
    let finished = DispatchSemaphore(value: 0)
}
