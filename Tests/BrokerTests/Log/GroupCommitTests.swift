@testable import Broker
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import XCTest

/// GroupCommit on real files and the real I/O thread pool.
final class GroupCommitTests: XCTestCase {
    private func file(_ name: String) throws -> LogFile {
        let path = NSTemporaryDirectory() + "/portcullis-group-commit-\(UUID().uuidString)-\(name)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return try LogFile.open(path, create: true)
    }

    func testWaitersResumeOnceTheirOffsetIsSyncedAndDurableFollowsWhatWasWritten() async throws {
        let commit = GroupCommit(durableThrough: 10, threadPool: .singleton)
        let log = try file("log")
        let advances = Mutex<[Int64]>([])
        commit.observe { outcome in if case .success(let durable) = outcome { advances.withLock { $0.append(durable) } } }
        commit.setObserving(true)
        var alreadyDurable = await commit.waitUntilDurable(9)
        XCTAssertNoThrow(try alreadyDurable.get(), "below the start: durable at once")

        try log.write(ByteBuffer(bytes: [1, 2, 3]), at: 0)
        commit.written(through: 11, in: log)
        commit.written(through: 14, in: log)
        let waited = await commit.waitUntilDurable(13)
        XCTAssertNoThrow(try waited.get())
        XCTAssertEqual(commit.durable, 14)
        await commit.idle()
        XCTAssertEqual(advances.withLock { $0.last }, 14, "the observer hears each advance while observing")
        alreadyDurable = await commit.waitUntilDurable(13)
        XCTAssertNoThrow(try alreadyDurable.get())
    }

    func testAFailedFsyncFailsTheWaitersStopsFlushingAndIsTold() async throws {
        let commit = GroupCommit(durableThrough: 0, threadPool: .singleton)
        let failures = Mutex<[String]>([])
        commit.observe { outcome in if case .failure(let error) = outcome { failures.withLock { $0.append("\(error)") } } }
        // fdatasync of a character device fails with EINVAL.
        commit.written(through: 5, in: try LogFile.open("/dev/null"))
        let waited = await commit.waitUntilDurable(4)
        XCTAssertThrowsError(try waited.get())
        await commit.idle()
        XCTAssertEqual(commit.durable, 0)
        XCTAssertEqual(failures.withLock { $0.count }, 1)
        XCTAssertTrue(failures.withLock { $0.first ?? "" }.contains("fsync failed"))

        commit.written(through: 6, in: try file("other"))
        let later = await commit.waitUntilDurable(5)
        XCTAssertThrowsError(try later.get(), "no flush runs after a failure")
    }

    func testStoppingFailsWhoeverWaits() async throws {
        let commit = GroupCommit(durableThrough: 0, threadPool: .singleton)
        async let waited = commit.waitUntilDurable(3)  // nothing written yet: it waits
        try await Task.sleep(for: .milliseconds(50))
        commit.stop(with: .closed)
        let result = await waited
        XCTAssertThrowsError(try result.get()) { XCTAssertEqual("\($0)", "\(LogError.closed)") }
    }

    func testARollMarksItsSyncedSegmentDurable() async {
        let commit = GroupCommit(durableThrough: 0, threadPool: .singleton)
        async let waited = commit.waitUntilDurable(6)
        try? await Task.sleep(for: .milliseconds(20))
        commit.markDurable(through: 7)
        let result = await waited
        XCTAssertNoThrow(try result.get())
        XCTAssertEqual(commit.durable, 7)
    }
}
