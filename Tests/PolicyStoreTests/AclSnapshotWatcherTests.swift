import Authorization
import Foundation
import PolicyStore
import XCTest

/// The snapshot watcher sees changes to ACLs and network rules as it sees changes to principals.
final class AclSnapshotWatcherTests: XCTestCase {
    func testChangesThroughAnotherInstanceArriveWithinASecond() async throws {
        let dataDirectory = try makeDataDirectory()
        let gateway = try PolicyStore(dataDirectory: dataDirectory)
        let admin = try PolicyStore(dataDirectory: dataDirectory)
        let (log, task) = watch(gateway)
        defer { task.cancel() }
        _ = try await arrival(in: log) { $0.acls.isEmpty && $0.networkRules.isEmpty }

        let deny = acl(permission: .deny)
        let rule = try networkRule(operations: [.read])
        let changes: [(change: () throws -> Void, seen: @Sendable (PolicySnapshot) -> Bool)] = [
            ({ try admin.addAcls([deny], actor: "test") }, { $0.acls == [deny] }),
            ({ try admin.addNetworkRule(rule, actor: "test") }, { $0.networkRules == [rule] }),
            ({ try admin.removeAcls(actor: "test") { _ in true } }, { $0.acls.isEmpty && $0.networkRules == [rule] }),
            ({ try admin.removeNetworkRule(rule, actor: "test") }, { $0.acls.isEmpty && $0.networkRules.isEmpty }),
        ]
        for (change, seen) in changes {
            try change()
            let committed = ContinuousClock.now
            let arrived = try await arrival(in: log, where: seen)
            XCTAssertLessThan(arrived - committed, .seconds(1))
        }
    }

    func testAnAclAddedByAuthctlArrivesWithinASecond() async throws {
        let authctl = try authctlExecutable()
        let dataDirectory = try makeDataDirectory()
        let gateway = try PolicyStore(dataDirectory: dataDirectory)
        let (log, task) = watch(gateway)
        defer { task.cancel() }
        _ = try await arrival(in: log) { $0.acls.isEmpty }

        let outcome = try runProcess(
            authctl, ["acl", "add", "--allow-principal", "User:bob", "--operation", "read", "--topic", "orders", "--data-dir", dataDirectory]
        )
        let exited = ContinuousClock.now
        XCTAssertEqual(outcome.status, 0, outcome.description)
        let expected = acl(principal: .user("bob"))
        let arrived = try await arrival(in: log) { $0.acls == [expected] }
        XCTAssertLessThan(arrived - exited, .seconds(1))
    }

    func testADamagedAclRowEndsTheStreamWithAnError() async throws {
        let store = try makeStore()
        try store.addAcls([acl(permission: .deny)], actor: "test")
        let (log, task) = watch(store)
        defer { task.cancel() }
        _ = try await arrival(in: log) { $0.acls.count == 1 }
        let insert = try runSQL(
            "INSERT INTO acls VALUES ('Topic', 'LITERAL', 'orders', 'User:eve', '::ffff:10.0.0.1', 'Read', 'DENY')", on: store.databasePath
        )
        XCTAssertEqual(insert.status, 0, insert.description)
        try await eventually { await log.ended }
        let failure = await log.failure
        XCTAssertEqual(failure, .corruptStore("a row of acls has a value in its host column that the store would not write"))
        let deliveredCount = await log.arrivals.count
        XCTAssertEqual(deliveredCount, 1, "no snapshot without the damaged row was delivered")
    }
}
