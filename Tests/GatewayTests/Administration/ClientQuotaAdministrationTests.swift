import KafkaProtocol
import PolicyStore
import XCTest
@testable import Gateway

/// AlterClientQuotas and DescribeClientQuotas answered from the store, in both versions (v1 is flexible).
final class ClientQuotaAdministrationTests: XCTestCase {
    private typealias Entity = AlterClientQuotasRequest.EntityData
    private typealias Op = AlterClientQuotasRequest.OpData

    private func quotaEntry(_ type: String, _ name: String?, _ ops: [Op]) -> AlterClientQuotasRequest.EntryData {
        .init(entity: [Entity(entityType: type, entityName: name)], ops: ops)
    }

    /// An entry for the user alice.
    private func quotaEntry(_ ops: [Op]) -> AlterClientQuotasRequest.EntryData {
        quotaEntry("user", "alice", ops)
    }

    private func alter(
        _ fixture: AdministrationFixture, _ entries: [AlterClientQuotasRequest.EntryData], validateOnly: Bool = false, version: Int16
    ) throws -> [AlterClientQuotasResponse.EntryData] {
        let body = try fixture.answer(.alterClientQuotas(AlterClientQuotasRequest(entries: entries, validateOnly: validateOnly)), version: version)
        guard case .alterClientQuotas(let response) = body else { throw UnexpectedResponse(body: body) }
        return response.entries
    }

    private func describe(
        _ fixture: AdministrationFixture, _ components: [DescribeClientQuotasRequest.ComponentData] = [], strict: Bool = false,
        version: Int16 = 1
    ) throws -> DescribeClientQuotasResponse {
        let body = try fixture.answer(.describeClientQuotas(DescribeClientQuotasRequest(components: components, strict: strict)), version: version)
        guard case .describeClientQuotas(let response) = body else { throw UnexpectedResponse(body: body) }
        return response
    }

    /// Each entry as `type=name key=value,…`, for comparing.
    private func lines(_ response: DescribeClientQuotasResponse) -> [String] {
        (response.entries ?? []).map { entry in
            let entity = entry.entity.map { "\($0.entityType)=\($0.entityName ?? "<default>")" }.joined(separator: ",")
            return entity + " " + entry.values.map { "\($0.key)=\(ClientQuota.text($0.value))" }.joined(separator: ",")
        }
    }

    func testAlteringStoresRecordsAndDescribesTheQuotas() throws {
        for version: Int16 in [0, 1] {
            let fixture = try AdministrationFixture(self)
            let results = try alter(fixture, [
                quotaEntry([Op(key: "producer_byte_rate", value: 1_048_576), Op(key: "request_percentage", value: 12.5)]),
                quotaEntry("user", nil, [Op(key: "consumer_byte_rate", value: 2048)]),
                quotaEntry("ip", "10.0.0.1", [Op(key: "connection_creation_rate", value: 5)]),
            ], version: version)
            XCTAssertEqual(results.map(\.errorCode), [0, 0, 0], "v\(version)")
            XCTAssertEqual(results.map(\.errorMessage), [nil, nil, nil], "v\(version)")
            XCTAssertEqual(results.map(\.entity), [
                [.init(entityType: "user", entityName: "alice")], [.init(entityType: "user", entityName: nil)],
                [.init(entityType: "ip", entityName: "10.0.0.1")],
            ])
            let quotas = try fixture.store.snapshot().quotas
            XCTAssertEqual(quotas.limit(.producerByteRate, user: "alice"), 1_048_576)
            XCTAssertEqual(quotas.limit(.consumerByteRate, user: "alice"), 2048, "from <default>")
            XCTAssertEqual(quotas.connectionCreationRate(address: "10.0.0.1"), 5)
            let changes = try fixture.store.adminChanges()
            XCTAssertEqual(changes.map(\.action), [.quotaSet, .quotaSet, .quotaSet, .quotaSet])
            XCTAssertEqual(Set(changes.map(\.actor)), [AdministrationFixture.actor])

            let described = try describe(fixture, version: version)
            XCTAssertEqual(described.errorCode, 0)
            XCTAssertNil(described.errorMessage)
            XCTAssertEqual(lines(described), [
                "ip=10.0.0.1 connection_creation_rate=5",
                "user=<default> consumer_byte_rate=2048",
                "user=alice producer_byte_rate=1048576,request_percentage=12.5",
            ], "v\(version)")
        }
    }

    func testRemoveOperationsAndUnchangedValues() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.setQuotas([.producerByteRate: 1024, .consumerByteRate: 2048], of: .user("alice"), actor: "admin")
        let results = try alter(fixture, [
            quotaEntry([Op(key: "producer_byte_rate", remove: true), Op(key: "request_percentage", remove: true),
                   Op(key: "consumer_byte_rate", value: 2048)]),
        ], version: 1)
        XCTAssertEqual(results.map(\.errorCode), [0])
        XCTAssertEqual(try fixture.store.listQuotas(), [ClientQuota(entity: .user("alice"), key: .consumerByteRate, value: 2048)])
        XCTAssertEqual(try fixture.store.adminChanges().map(\.action), [.quotaSet, .quotaSet, .quotaRemove],
                       "only the removal of a value that was there is a change")
    }

    func testValidateOnlyChecksAndWritesNothing() throws {
        let fixture = try AdministrationFixture(self)
        let results = try alter(fixture, [
            quotaEntry([Op(key: "producer_byte_rate", value: 1024)]),
            quotaEntry([Op(key: "producer_byte_rate", value: -1)]),
        ], validateOnly: true, version: 1)
        XCTAssertEqual(results.map(\.errorCode), [0, KafkaErrorCode.invalidRequest.rawValue])
        XCTAssertEqual(try fixture.store.listQuotas(), [])
        XCTAssertEqual(try fixture.store.adminChanges(), [])
    }

    func testInvalidEntriesFailAloneWithInvalidRequestAndTheReason() throws {
        let fixture = try AdministrationFixture(self)
        let cases: [(AlterClientQuotasRequest.EntryData, String)] = [
            (quotaEntry("client-id", "app", [Op(key: "producer_byte_rate", value: 1)]), "client-id quotas are not supported"),
            (.init(entity: [Entity(entityType: "user", entityName: "alice"), Entity(entityType: "client-id", entityName: "app")],
                   ops: [Op(key: "producer_byte_rate", value: 1)]), "client-id quotas are not supported"),
            (.init(entity: [Entity(entityType: "user", entityName: "alice"), Entity(entityType: "ip", entityName: "10.0.0.1")],
                   ops: [Op(key: "producer_byte_rate", value: 1)]), "IP entity should not be combined"),
            (quotaEntry("group", "g", [Op(key: "producer_byte_rate", value: 1)]), "Unhandled client quota entity type: group"),
            (.init(entity: [], ops: [Op(key: "producer_byte_rate", value: 1)]), "Invalid empty client quota entity"),
            (quotaEntry("user", "", [Op(key: "producer_byte_rate", value: 1)]), "Empty user not supported"),
            (quotaEntry("ip", "not-an-address", [Op(key: "connection_creation_rate", value: 1)]), "Invalid IP address not-an-address"),
            (quotaEntry([Op(key: "controller_mutation_rate", value: 1)]), "Invalid configuration key controller_mutation_rate"),
            (quotaEntry([Op(key: "connection_creation_rate", value: 1)]), "Invalid configuration key connection_creation_rate for user entities"),
            (quotaEntry([Op(key: "producer_byte_rate", value: 0)]), "producer_byte_rate must be above zero"),
            (quotaEntry([Op(key: "producer_byte_rate", value: 10.5)]), "producer_byte_rate must be a whole number"),
            (quotaEntry([Op(key: "producer_byte_rate", value: 1), Op(key: "producer_byte_rate", value: 2)]), "Duplicate quota key producer_byte_rate"),
            (quotaEntry("user", "a\u{1}b", [Op(key: "producer_byte_rate", value: 1)]), "control character"),
        ]
        let results = try alter(fixture, cases.map(\.0) + [quotaEntry([Op(key: "producer_byte_rate", value: 1)])], version: 1)
        for (result, (_, reason)) in zip(results, cases) {
            XCTAssertEqual(result.errorCode, KafkaErrorCode.invalidRequest.rawValue, reason)
            XCTAssertTrue(result.errorMessage?.contains(reason) == true, "\(result.errorMessage ?? "nil") does not say \(reason)")
        }
        XCTAssertEqual(results.last?.errorCode, 0, "a valid entry beside invalid ones succeeds")
        XCTAssertEqual(try fixture.store.listQuotas(), [ClientQuota(entity: .user("alice"), key: .producerByteRate, value: 1)])
    }

    func testAnAddressIsStoredInCanonicalText() throws {
        let fixture = try AdministrationFixture(self)
        let results = try alter(fixture, [quotaEntry("ip", "2001:DB8:0::1", [Op(key: "connection_creation_rate", value: 3)])], version: 1)
        XCTAssertEqual(results.map(\.errorCode), [0])
        XCTAssertEqual(try fixture.store.listQuotas().map(\.entity), [.ip("2001:db8::1")])
        let described = try describe(fixture, [.init(entityType: "ip", matchType: 0, match: "2001:DB8::1")])
        XCTAssertEqual(lines(described), ["ip=2001:db8::1 connection_creation_rate=3"])
    }

    func testTheStoreFailingIsAnUnknownServerErrorForTheEntry() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.dropTable("client_quotas")
        let results = try alter(fixture, [quotaEntry([Op(key: "producer_byte_rate", value: 1)])], version: 1)
        XCTAssertEqual(results.map(\.errorCode), [KafkaErrorCode.unknownServerError.rawValue])
        let described = try describe(fixture)
        XCTAssertEqual(described.errorCode, KafkaErrorCode.unknownServerError.rawValue)
    }

    // MARK: Describe's filters

    private func populated() throws -> AdministrationFixture {
        let fixture = try AdministrationFixture(self)
        try fixture.store.setQuotas([.producerByteRate: 1], of: .user("alice"), actor: "admin")
        try fixture.store.setQuotas([.producerByteRate: 2], of: .user("bob"), actor: "admin")
        try fixture.store.setQuotas([.producerByteRate: 3], of: .user(nil), actor: "admin")
        try fixture.store.setQuotas([.connectionCreationRate: 4], of: .ip("10.0.0.1"), actor: "admin")
        try fixture.store.setQuotas([.connectionCreationRate: 5], of: .ip(nil), actor: "admin")
        return fixture
    }

    func testMatchTypesExactDefaultAndAny() throws {
        let fixture = try populated()
        for version: Int16 in [0, 1] {
            XCTAssertEqual(lines(try describe(fixture, [.init(entityType: "user", matchType: 0, match: "alice")], version: version)),
                           ["user=alice producer_byte_rate=1"])
            XCTAssertEqual(lines(try describe(fixture, [.init(entityType: "user", matchType: 1, match: nil)], version: version)),
                           ["user=<default> producer_byte_rate=3"])
            XCTAssertEqual(lines(try describe(fixture, [.init(entityType: "user", matchType: 2, match: nil)], version: version)), [
                "user=<default> producer_byte_rate=3", "user=alice producer_byte_rate=1", "user=bob producer_byte_rate=2",
            ], "any includes <default>, as in Kafka")
            XCTAssertEqual(lines(try describe(fixture, [.init(entityType: "ip", matchType: 2, match: nil)], version: version)), [
                "ip=<default> connection_creation_rate=5", "ip=10.0.0.1 connection_creation_rate=4",
            ])
            XCTAssertEqual(lines(try describe(fixture, [.init(entityType: "user", matchType: 0, match: "carol")], version: version)), [])
            XCTAssertEqual(lines(try describe(fixture, version: version)).count, 5, "no component, not strict: everything")
            XCTAssertEqual(lines(try describe(fixture, strict: true, version: version)), [], "no component, strict: nothing")
        }
    }

    func testStrictAndComponentsForTypesTheGatewayDoesNotStore() throws {
        let fixture = try populated()
        // Not strict: a user-only entity matches a filter on user alone, but not one that also asks for a client-id.
        XCTAssertEqual(lines(try describe(fixture, [.init(entityType: "user", matchType: 0, match: "alice")], strict: true)),
                       ["user=alice producer_byte_rate=1"])
        XCTAssertEqual(lines(try describe(fixture, [
            .init(entityType: "user", matchType: 0, match: "alice"), .init(entityType: "client-id", matchType: 2, match: nil),
        ])), [])
        XCTAssertEqual(lines(try describe(fixture, [.init(entityType: "client-id", matchType: 1, match: nil)])), [])
    }

    func testFiltersKafkaRefuses() throws {
        let fixture = try populated()
        let refused: [([DescribeClientQuotasRequest.ComponentData], KafkaErrorCode, String)] = [
            ([.init(entityType: "", matchType: 2, match: nil)], .invalidRequest, "Invalid empty entity type."),
            ([.init(entityType: "user", matchType: 2, match: nil), .init(entityType: "user", matchType: 0, match: "a")],
             .invalidRequest, "Entity type user cannot appear more than once in the filter."),
            ([.init(entityType: "user", matchType: 0, match: nil)], .invalidRequest, "MATCH_TYPE_EXACT, but set match string to null"),
            ([.init(entityType: "user", matchType: 1, match: "a")], .invalidRequest, "MATCH_TYPE_DEFAULT, but also specified a match string"),
            ([.init(entityType: "user", matchType: 2, match: "a")], .invalidRequest, "MATCH_TYPE_SPECIFIED, but also specified a match string"),
            ([.init(entityType: "ip", matchType: 2, match: nil), .init(entityType: "user", matchType: 2, match: nil)],
             .invalidRequest, "IP filter component should not be used with user or clientId filter component"),
            ([.init(entityType: "group", matchType: 2, match: nil)], .unsupportedVersion, "Unsupported entity type group"),
            ([.init(entityType: "user", matchType: 7, match: nil)], .unsupportedVersion, "Unknown match type 7"),
        ]
        for (components, code, message) in refused {
            for version: Int16 in [0, 1] {
                let response = try describe(fixture, components, version: version)
                XCTAssertEqual(response.errorCode, code.rawValue, message)
                XCTAssertTrue(response.errorMessage?.contains(message) == true, "\(response.errorMessage ?? "nil") does not say \(message)")
                XCTAssertNil(response.entries)
            }
        }
    }
}
