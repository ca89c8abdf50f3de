import Authorization
import Foundation
import PolicyStore
import XCTest

final class ConcurrentWriterTests: XCTestCase {
    func testWritersThroughSeveralInstancesLoseNothing() throws {
        let dataDirectory = try makeDataDirectory()
        let stores = try (0..<3).map { _ in try PolicyStore(dataDirectory: dataDirectory) }
        let failures = FailureList()
        DispatchQueue.concurrentPerform(iterations: 60) { index in
            do {
                let store = stores[index % stores.count]
                try store.addPrincipal("user\(index)", actor: "writer\(index % stores.count)")
                try store.setScramCredential(try testCredential(.sha256), for: "user\(index)", actor: "test")
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures.all, [])
        let snapshot = try stores[0].snapshot()
        XCTAssertEqual(snapshot.principals.count, 60)
        XCTAssertEqual(snapshot.scramCredentials.count, 60)
        XCTAssertEqual(try stores[1].adminChanges(limit: 500).count, 120)
    }

    func testOverlappingAclBatchesFromSeveralInstancesStoreAndReportEachAclOnce() throws {
        let dataDirectory = try makeDataDirectory()
        let stores = try (0..<3).map { _ in try PolicyStore(dataDirectory: dataDirectory) }
        // Batch i holds topics i..<i+5 (mod 12), so every ACL is in five batches.
        let batches = (0..<12).map { index in (0..<5).map { acl(.topic, "topic\((index + $0) % 12)") } }
        let reported = ResultList<AclBinding>()
        let failures = FailureList()
        DispatchQueue.concurrentPerform(iterations: batches.count) { index in
            do {
                reported.append(contentsOf: try stores[index % stores.count].addAcls(batches[index], actor: "writer\(index)"))
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures.all, [])
        let distinct = Set(batches.joined())
        XCTAssertEqual(distinct.count, 12)
        XCTAssertEqual(reported.all.count, distinct.count, "each ACL is new to exactly one writer")
        XCTAssertEqual(Set(reported.all), distinct)
        XCTAssertEqual(try stores[0].listAcls(), distinct.sorted())
        XCTAssertEqual(try stores[1].adminChanges().filter { $0.action == .aclAdd }.count, distinct.count)

        // Removers racing with the same predicate remove, and report, each ACL once.
        let removed = ResultList<AclBinding>()
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            do {
                removed.append(contentsOf: try stores[index % stores.count].removeAcls(actor: "remover\(index)") { _ in true })
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures.all, [])
        XCTAssertEqual(removed.all.sorted(), distinct.sorted())
        XCTAssertEqual(try stores[2].listAcls(), [])
    }

    func testAWriterWaitsForAnotherProcessHoldingTheWriteLock() throws {
        let store = try makeStore()
        let marker = try makeDataDirectory() + "/locked"
        // Another process takes the write lock, says so, and keeps it for a second.
        let script = """
            import sqlite3, sys, time
            connection = sqlite3.connect(sys.argv[1], isolation_level=None)
            connection.execute("BEGIN IMMEDIATE")
            open(sys.argv[2], "w").close()
            time.sleep(1)
            connection.execute("COMMIT")
            """
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", script, store.databasePath, marker]
        try holder.run()
        defer { holder.waitUntilExit() }
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: marker), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker), "the other process never took the lock")

        let started = ContinuousClock.now
        try store.addPrincipal("alice", actor: "test")
        let waited = ContinuousClock.now - started
        XCTAssertGreaterThan(waited, .milliseconds(500), "the write did not wait for the lock")
        XCTAssertNotNil(try store.principal(named: "alice"))
        holder.waitUntilExit()
        XCTAssertEqual(holder.terminationStatus, 0)
    }

    func testAuthctlProcessesCreatingTheStoreAtOnceAllSucceed() throws {
        let authctl = try authctlExecutable()
        for _ in 0..<3 {
            let dataDirectory = try makeDataDirectory()
            let runs = try (0..<4).map { index -> (Process, Pipe) in
                let process = Process()
                let errors = Pipe()
                process.executableURL = authctl
                process.arguments = ["user", "add", "user\(index)", "--data-dir", dataDirectory]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = errors
                try process.run()
                return (process, errors)
            }
            for (process, errors) in runs {
                process.waitUntilExit()
                let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                XCTAssertEqual(process.terminationStatus, 0, message)
            }
            XCTAssertEqual(try PolicyStore(dataDirectory: dataDirectory).listPrincipals().count, 4)
        }
    }
}
