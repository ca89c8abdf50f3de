import PolicyStore
import XCTest

/// `apply` and `drift` with client quotas: exhaustive when managed, left alone otherwise.
final class PolicyApplyQuotaTests: XCTestCase {
    private func quota(_ entity: ClientQuotaEntity, _ key: ClientQuotaKey, _ value: Double) -> ClientQuota {
        ClientQuota(entity: entity, key: key, value: value)
    }

    func testApplyMakesTheQuotasEqualToTheDeclaration() throws {
        let store = try makeStore()
        try store.setQuotas([.producerByteRate: 1024, .requestPercentage: 10], of: .user("alice"), actor: "setup")
        try store.setQuotas([.consumerByteRate: 5], of: .user("mallory"), actor: "setup")
        let declared = DeclaredPolicy(quotas: [
            quota(.user("alice"), .producerByteRate, 2048), quota(.user("alice"), .requestPercentage, 10),
            quota(.user(nil), .consumerByteRate, 100), quota(.ip(nil), .connectionCreationRate, 5),
        ])
        let drift = try store.drift(to: declared)
        XCTAssertEqual(drift.quotaChanges.map(\.description), [
            "ip=<default> connection_creation_rate: (none) → 5",
            "user=<default> consumer_byte_rate: (none) → 100",
            "user=alice producer_byte_rate: 1024 → 2048",
            "user=mallory consumer_byte_rate: 5 → (none)",
        ])
        let before = try store.adminChanges().count
        XCTAssertEqual(try store.apply(declared, actor: "gitops"), drift)
        XCTAssertEqual(Set(try store.listQuotas()), Set(declared.quotas ?? []))
        let changes = try store.adminChanges().dropFirst(before)
        XCTAssertEqual(changes.map(\.action), [.quotaSet, .quotaSet, .quotaSet, .quotaRemove])
        XCTAssertEqual(Set(changes.map(\.actor)), ["gitops"])

        XCTAssertTrue(try store.apply(declared, actor: "gitops").isEmpty, "a second apply changes nothing")
        XCTAssertEqual(try store.adminChanges().count, before + 4)
    }

    func testQuotasAreLeftAloneWhenNotManaged() throws {
        let store = try makeStore()
        try store.setQuotas([.producerByteRate: 1024], of: .user("alice"), actor: "setup")
        let drift = try store.apply(DeclaredPolicy(users: DeclaredUsers([DeclaredUser(name: "bob")], removesUnlisted: false)), actor: "gitops")
        XCTAssertEqual(drift.quotaChanges, [])
        XCTAssertEqual(try store.listQuotas().count, 1)
        XCTAssertEqual(try store.apply(DeclaredPolicy(quotas: []), actor: "gitops").quotaChanges.count, 1, "an empty list removes them")
        XCTAssertEqual(try store.listQuotas(), [])
    }

    func testAnInvalidOrRepeatedQuotaIsRefusedBeforeAnythingIsWritten() throws {
        let store = try makeStore()
        for (quotas, reason) in [
            ([quota(.user("alice"), .producerByteRate, 0)], "must be above zero"),
            ([quota(.user("alice"), .connectionCreationRate, 5)], "is not a quota of user entities"),
            ([quota(.ip("10.0.0.256"), .connectionCreationRate, 5)], "not an IPv4 or IPv6 address"),
            ([quota(.user("alice"), .producerByteRate, 1), quota(.user("alice"), .producerByteRate, 2)], "declared twice"),
        ] {
            let declared = DeclaredPolicy(users: DeclaredUsers([DeclaredUser(name: "bob")], removesUnlisted: false), quotas: quotas)
            XCTAssertThrowsError(try store.apply(declared, actor: "gitops")) { error in
                guard case .invalidClientQuota(let message) = error as? PolicyStoreError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(reason), message)
            }
        }
        XCTAssertEqual(try store.listPrincipals(), [])
        XCTAssertEqual(try store.adminChanges(), [])
    }
}
