import Foundation
import PolicyStore
import XCTest

final class SnapshotWatcherTests: XCTestCase {
    func testTheFirstSnapshotIsTheCurrentPolicy() async throws {
        let store = try makeStore()
        let alice = try store.addPrincipal("alice", actor: "test")
        let (log, task) = watch(store)
        defer { task.cancel() }
        _ = try await arrival(in: log, within: .seconds(1)) { $0.principals == ["alice": alice] }
        let deliveredCount = await log.arrivals.count
        XCTAssertEqual(deliveredCount, 1)
    }

    func testACommitThroughAnotherInstanceArrivesWithinASecond() async throws {
        let dataDirectory = try makeDataDirectory()
        let gateway = try PolicyStore(dataDirectory: dataDirectory)
        let admin = try PolicyStore(dataDirectory: dataDirectory)
        let (log, task) = watch(gateway)
        defer { task.cancel() }
        _ = try await arrival(in: log) { $0.principals.isEmpty && $0.scramCredentials.isEmpty }

        var latencies: [Duration] = []
        for round in 0..<5 {
            let name = "user\(round)"
            try admin.addPrincipal(name, actor: "test")
            let committed = ContinuousClock.now
            let arrived = try await arrival(in: log) { $0.principal(named: name) != nil }
            latencies.append(max(arrived - committed, .zero))
            try await Task.sleep(for: .milliseconds(30))
        }
        for latency in latencies {
            XCTAssertLessThan(latency, .seconds(1))
        }
        print("policy changes seen by another instance's watcher after \(latencies)")
    }

    func testACommitByAnotherProcessArrivesWithinASecond() async throws {
        let authctl = try authctlExecutable()
        let dataDirectory = try makeDataDirectory()
        let gateway = try PolicyStore(dataDirectory: dataDirectory)
        let (log, task) = watch(gateway)
        defer { task.cancel() }
        _ = try await arrival(in: log) { $0.principals.isEmpty }

        let outcome = try runProcess(authctl, ["user", "add", "bob", "--data-dir", dataDirectory])
        let exited = ContinuousClock.now
        XCTAssertEqual(outcome.status, 0, outcome.description)
        let arrived = try await arrival(in: log) { $0.principal(named: "bob") != nil }
        XCTAssertLessThan(arrived - exited, .seconds(1))

        let disable = try runProcess(authctl, ["user", "disable", "bob", "--data-dir", dataDirectory])
        let disabledAt = ContinuousClock.now
        XCTAssertEqual(disable.status, 0, disable.description)
        let disabledArrived = try await arrival(in: log) { $0.principal(named: "bob")?.enabled == false }
        XCTAssertLessThan(disabledArrived - disabledAt, .seconds(1))
        print("authctl's commits seen \(arrived - exited) and \(disabledArrived - disabledAt) after the process exited")
    }

    func testAnUnchangedPolicyIsNotDeliveredAgain() async throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let (log, task) = watch(store)
        defer { task.cancel() }
        _ = try await arrival(in: log) { $0.principal(named: "alice") != nil }

        // A commit that leaves the policy as it was (it only adds to the record of changes).
        try store.setEnabled(true, for: "alice", actor: "test")
        try await Task.sleep(for: .milliseconds(400))
        let countAfterUnchangedCommit = await log.arrivals.count
        XCTAssertEqual(countAfterUnchangedCommit, 1)

        try store.addPrincipal("bob", actor: "test")
        _ = try await arrival(in: log) { $0.principal(named: "bob") != nil }
        let countAfterChange = await log.arrivals.count
        XCTAssertEqual(countAfterChange, 2)
    }

    // In WAL mode SQLite keeps a closed connection's descriptor open while another connection in
    // the process still has the file open, so these tests let the store go: once the watcher's
    // connection closes, no descriptor on the file may remain.

    func testCancellingTheConsumerClosesTheWatchersConnection() async throws {
        let (log, task, path) = try watchWithoutAStore()
        _ = try await arrival(in: log) { $0.principal(named: "alice") != nil }
        XCTAssertGreaterThan(try openDescriptors(on: path), 0)

        task.cancel()
        try await eventually { try openDescriptors(on: path) == 0 }
        try await eventually { await log.ended }
        let failure = await log.failure
        XCTAssertNil(failure)
    }

    func testDroppingTheStreamClosesTheWatchersConnection() async throws {
        let dataDirectory = try makeDataDirectory()
        let path = dataDirectory + "/policy/policy.sqlite"
        do {
            let stream = try PolicyStore(dataDirectory: dataDirectory).snapshots()
            for try await snapshot in stream {
                XCTAssertTrue(snapshot.principals.isEmpty && snapshot.scramCredentials.isEmpty)
                XCTAssertGreaterThan(try openDescriptors(on: path), 0)
                break
            }
        }
        try await eventually { try openDescriptors(on: path) == 0 }
    }

    private func watchWithoutAStore() throws -> (SnapshotLog, Task<Void, Never>, String) {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "test")
        let (log, task) = watch(store)
        return (log, task, store.databasePath)
    }

    func testARowTheStoreWouldRefuseEndsTheStreamWithAnError() async throws {
        let store = try makeStore()
        let (log, task) = watch(store)
        defer { task.cancel() }
        _ = try await arrival(in: log) { $0.principals.isEmpty && $0.scramCredentials.isEmpty }
        let insert = try runSQL(
            "INSERT INTO principals (name, enabled, super_user, created_at) VALUES ('eve' || char(27), 1, 1, '2025-01-01T00:00:00.000Z')",
            on: store.databasePath
        )
        XCTAssertEqual(insert.status, 0, insert.description)
        try await eventually { await log.ended }
        let failure = await log.failure
        XCTAssertEqual(failure, .corruptStore("a principal has a name the store would refuse"))
        let deliveredCount = await log.arrivals.count
        XCTAssertEqual(deliveredCount, 1)
    }
}
