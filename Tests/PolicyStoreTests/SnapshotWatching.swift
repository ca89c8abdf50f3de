import Foundation
import PolicyStore
import XCTest

/// What a watcher delivered, with when each snapshot arrived, and how its stream ended.
actor SnapshotLog {
    private(set) var arrivals: [(at: ContinuousClock.Instant, snapshot: PolicySnapshot)] = []
    private(set) var ended = false
    private(set) var failure: PolicyStoreError?

    func record(_ snapshot: PolicySnapshot) {
        arrivals.append((ContinuousClock.now, snapshot))
    }

    func end(_ error: (any Error)?) {
        ended = true
        failure = error as? PolicyStoreError
    }

    func firstArrival(where condition: (PolicySnapshot) -> Bool) -> ContinuousClock.Instant? {
        arrivals.first { condition($0.snapshot) }?.at
    }
}

/// Consumes `store.snapshots()` in a task of its own, into a log.
func watch(_ store: PolicyStore) -> (log: SnapshotLog, task: Task<Void, Never>) {
    let log = SnapshotLog()
    let stream = store.snapshots()
    let task = Task {
        do {
            for try await snapshot in stream {
                await log.record(snapshot)
            }
            await log.end(nil)
        } catch {
            await log.end(error)
        }
    }
    return (log, task)
}

extension XCTestCase {
    /// When a snapshot satisfying `condition` arrived; fails the test if none does within `timeout`.
    func arrival(
        in log: SnapshotLog, within timeout: Duration = .seconds(3), file: StaticString = #filePath, line: UInt = #line,
        where condition: @escaping @Sendable (PolicySnapshot) -> Bool
    ) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let arrived = await log.firstArrival(where: condition) { return arrived }
            try await Task.sleep(for: .milliseconds(5))
        }
        XCTFail("no matching snapshot within \(timeout)", file: file, line: line)
        throw CancellationError()
    }

    /// Waits until `condition` holds, for at most `timeout`.
    func eventually(
        within timeout: Duration = .seconds(2), file: StaticString = #filePath, line: UInt = #line,
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("condition still false after \(timeout)", file: file, line: line)
    }
}

/// How many of this process's file descriptors are open on `path`: one per SQLite connection.
func openDescriptors(on path: String) throws -> Int {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    return try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count { descriptor in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")) == target
    }
}
