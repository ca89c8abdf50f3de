import Foundation
import PolicyStore
import XCTest

/// Client quotas in the store: setting, changing and removing keys of one entity, listing, the record
/// of each change, and the snapshot.
final class ClientQuotaStoreTests: XCTestCase {
    func testSettingSeveralKeysAtOnceStoresListsAndSnapshotsThem() throws {
        let store = try makeStore()
        let changes = try store.setQuotas(
            [.producerByteRate: 1_048_576, .consumerByteRate: 2_097_152, .requestPercentage: 50], of: .user("alice"), actor: "admin"
        )
        XCTAssertEqual(changes.map(\.key), [.consumerByteRate, .producerByteRate, .requestPercentage])
        XCTAssertEqual(changes.map(\.old), [nil, nil, nil])
        try store.setQuotas([.producerByteRate: 10_000], of: .user(nil), actor: "admin")
        try store.setQuotas([.connectionCreationRate: 5], of: .ip("10.0.0.1"), actor: "admin")

        let expected = [
            ClientQuota(entity: .ip("10.0.0.1"), key: .connectionCreationRate, value: 5),
            ClientQuota(entity: .user(nil), key: .producerByteRate, value: 10_000),
            ClientQuota(entity: .user("alice"), key: .consumerByteRate, value: 2_097_152),
            ClientQuota(entity: .user("alice"), key: .producerByteRate, value: 1_048_576),
            ClientQuota(entity: .user("alice"), key: .requestPercentage, value: 50),
        ]
        XCTAssertEqual(try store.listQuotas(), expected)
        XCTAssertEqual(try store.listQuotas(of: .user("alice")).count, 3)
        XCTAssertEqual(try store.listQuotas(of: .user(nil)).map(\.value), [10_000])
        XCTAssertEqual(try store.listQuotas(of: .user("bob")), [])
        let quotas = try store.snapshot().quotas
        XCTAssertEqual(quotas.all, expected)
        XCTAssertEqual(quotas.limit(.producerByteRate, user: "alice"), 1_048_576)
        XCTAssertEqual(quotas.limit(.producerByteRate, user: "bob"), 10_000, "bob has the default")
        XCTAssertEqual(quotas.connectionCreationRate(address: "10.0.0.1"), 5)
    }

    func testAUserTheStoreDoesNotHoldMayHaveAQuota() throws {
        let store = try makeStore()
        try store.setQuotas([.requestPercentage: 12.5], of: .user("not-yet-created"), actor: "admin")
        XCTAssertEqual(try store.snapshot().quotas.limit(.requestPercentage, user: "not-yet-created"), 12.5)
        XCTAssertTrue(try store.snapshot().principals.isEmpty)
    }

    func testChangesAreRecordedWithOldAndNewValues() throws {
        let store = try makeStore()
        try store.setQuotas([.producerByteRate: 1024, .consumerByteRate: 2048], of: .user("alice"), actor: "admin")
        try store.setQuotas([.producerByteRate: 4096, .consumerByteRate: 2048], of: .user("alice"), actor: "ops")
        try store.removeQuotas([.consumerByteRate], of: .user("alice"), actor: "ops")
        try store.setQuotas([.connectionCreationRate: 3], of: .ip(nil), actor: "admin")

        let changes = try store.adminChanges()
        XCTAssertEqual(changes.map(\.action), [.quotaSet, .quotaSet, .quotaSet, .quotaRemove, .quotaSet])
        XCTAssertEqual(changes.map(\.actor), ["admin", "admin", "ops", "ops", "admin"])
        XCTAssertEqual(changes.map(\.subject), ["user=alice", "user=alice", "user=alice", "user=alice", "ip=<default>"])
        XCTAssertEqual(changes.map(\.details), [
            #"{"key":"consumer_byte_rate","new":2048}"#,
            #"{"key":"producer_byte_rate","new":1024}"#,
            #"{"key":"producer_byte_rate","new":4096,"old":1024}"#,
            #"{"key":"consumer_byte_rate","old":2048}"#,
            #"{"key":"connection_creation_rate","new":3}"#,
        ], "an unchanged value (consumer_byte_rate set to 2048 again) is not recorded")
    }

    func testRemovingAllKeysOfAnEntityAndRemovingNothing() throws {
        let store = try makeStore()
        try store.setQuotas([.producerByteRate: 1024, .requestPercentage: 10], of: .user("alice"), actor: "admin")
        try store.setQuotas([.producerByteRate: 1024], of: .user("bob"), actor: "admin")
        let removed = try store.removeQuotas(of: .user("alice"), actor: "admin")
        XCTAssertEqual(removed.map(\.description), [
            "user=alice producer_byte_rate: 1024 → (none)", "user=alice request_percentage: 10 → (none)",
        ])
        XCTAssertEqual(try store.listQuotas().map(\.entity), [.user("bob")])
        let count = try store.adminChanges().count
        XCTAssertEqual(try store.removeQuotas(of: .user("alice"), actor: "admin"), [], "nothing left to remove")
        XCTAssertEqual(try store.adminChanges().count, count)
    }

    func testAlteringSetsAndRemovesInOneTransaction() throws {
        let store = try makeStore()
        try store.setQuotas([.producerByteRate: 1024], of: .user("alice"), actor: "admin")
        let changes = try store.alterQuotas(
            of: .user("alice"), setting: [.consumerByteRate: 99], removing: [.producerByteRate], actor: "admin"
        )
        XCTAssertEqual(changes.map(\.description), [
            "user=alice consumer_byte_rate: (none) → 99", "user=alice producer_byte_rate: 1024 → (none)",
        ])
        // One refused part refuses the whole change.
        XCTAssertThrowsError(
            try store.alterQuotas(of: .user("alice"), setting: [.producerByteRate: 5, .consumerByteRate: -1], actor: "admin")
        )
        XCTAssertEqual(try store.listQuotas(), [ClientQuota(entity: .user("alice"), key: .consumerByteRate, value: 99)])
    }

    func testInvalidQuotasAreRefusedWithTheReasonAndRecordNothing() throws {
        let store = try makeStore()
        let refused: [(ClientQuotaEntity, [ClientQuotaKey: Double], String)] = [
            (.user("alice"), [.producerByteRate: 0], "producer_byte_rate must be above zero"),
            (.user("alice"), [.producerByteRate: -5], "must be above zero"),
            (.user("alice"), [.consumerByteRate: .nan], "must be above zero"),
            (.user("alice"), [.consumerByteRate: .infinity], "must be above zero"),
            (.user("alice"), [.producerByteRate: 10.5], "must be a whole number"),
            (.user("alice"), [.connectionCreationRate: 5], "connection_creation_rate is not a quota of user entities"),
            (.ip("10.0.0.1"), [.producerByteRate: 5], "producer_byte_rate is not a quota of ip entities"),
            (.user(""), [.producerByteRate: 5], "use <default>"),
            (.user("a\u{7}b"), [.producerByteRate: 5], "control character"),
            (.ip("10.0.0.256"), [.connectionCreationRate: 5], "is not an IPv4 or IPv6 address"),
            (.ip("2001:DB8::1"), [.connectionCreationRate: 5], "write the IP address 2001:DB8::1 as 2001:db8::1"),
            (.ip("gateway.example.com"), [.connectionCreationRate: 5], "not an IPv4 or IPv6 address"),
        ]
        for (entity, values, reason) in refused {
            XCTAssertThrowsError(try store.setQuotas(values, of: entity, actor: "admin"), "\(entity) \(values)") { error in
                guard case .invalidClientQuota(let message) = error as? PolicyStoreError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(reason), "\(message) does not say \(reason)")
            }
        }
        XCTAssertThrowsError(try store.removeQuotas([.connectionCreationRate], of: .user("alice"), actor: "admin"))
        XCTAssertEqual(try store.listQuotas(), [])
        XCTAssertEqual(try store.adminChanges(), [])
    }

    func testAnAddressIsKeptInCanonicalText() {
        XCTAssertEqual(ClientQuotaEntity(entityType: "ip", name: "2001:DB8:0::1"), .ip("2001:db8::1"))
        XCTAssertEqual(ClientQuotaEntity(entityType: "ip", name: "::ffff:10.0.0.1"), .ip("10.0.0.1"))
        XCTAssertEqual(ClientQuotaEntity(entityType: "user", name: nil), .user(nil))
        XCTAssertNil(ClientQuotaEntity(entityType: "client-id", name: "app"))
    }

    func testTheSnapshotChangesWhenAQuotaChangesAndTheWatcherSeesIt() async throws {
        let dataDirectory = try makeDataDirectory()
        let gateway = try PolicyStore(dataDirectory: dataDirectory)
        let admin = try PolicyStore(dataDirectory: dataDirectory)
        let (log, task) = watch(gateway)
        defer { task.cancel() }
        _ = try await arrival(in: log) { $0.quotas.isEmpty }
        let before = try gateway.snapshot()

        try admin.setQuotas([.producerByteRate: 1024], of: .user("alice"), actor: "admin")
        XCTAssertNotEqual(try gateway.snapshot(), before)
        _ = try await arrival(in: log) { $0.quotas.limit(.producerByteRate, user: "alice") == 1024 }
        try admin.setQuotas([.producerByteRate: 2048], of: .user("alice"), actor: "admin")
        _ = try await arrival(in: log) { $0.quotas.limit(.producerByteRate, user: "alice") == 2048 }
        try admin.removeQuotas(of: .user("alice"), actor: "admin")
        let removed = ContinuousClock.now
        // The first matching arrival may be the empty snapshot watched at the start; the latest must be empty too.
        _ = try await arrival(in: log) { $0.quotas.isEmpty }
        try await eventually { await log.arrivals.last?.snapshot.quotas.isEmpty == true }
        XCTAssertLessThan(ContinuousClock.now - removed, .seconds(2))
        XCTAssertEqual(try gateway.snapshot(), before, "with the quota removed, the policy is what it was")
    }
}
