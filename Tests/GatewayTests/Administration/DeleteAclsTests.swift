import Authorization
import KafkaProtocol
import PolicyStore
import XCTest
@testable import Gateway

final class DeleteAclsTests: XCTestCase {
    private let ordersForAlice = AuthorizationFixture.allow("alice", .read, .topic, "orders")
    private let ordersForBob = AuthorizationFixture.deny("bob", .write, .topic, "orders")
    private let groupForAlice = AuthorizationFixture.allow("alice", .read, .group, "billing")
    private let ordPrefix = AuthorizationFixture.allow("carol", .read, .topic, "ord", .prefixed)

    /// A filter as a client sends it; by default ANY of everything.
    private func filter(
        _ resourceType: Int8 = 1, _ name: String? = nil, patternType: Int8 = 1, principal: String? = nil,
        operation: Int8 = 1, permission: Int8 = 1
    ) -> DeleteAclsRequest.DeleteAclsFilter {
        .init(resourceTypeFilter: resourceType, resourceNameFilter: name, patternTypeFilter: patternType,
              principalFilter: principal, hostFilter: nil, operation: operation, permissionType: permission)
    }

    private func results(_ body: KafkaResponseBody) throws -> [DeleteAclsResponse.DeleteAclsFilterResult] {
        guard case .deleteAcls(let response) = body else { throw UnexpectedResponse(body: body) }
        return response.filterResults
    }

    /// Each deleted ACL of a result as `type name pattern principal host operation permission`, with its error.
    private func deleted(_ result: DeleteAclsResponse.DeleteAclsFilterResult) -> [String] {
        result.matchingAcls.map {
            "\($0.resourceType) \($0.resourceName) \($0.patternType) \($0.principal) \($0.host) \($0.operation) \($0.permissionType)"
                + ($0.errorCode == 0 && $0.errorMessage == nil ? "" : " error \($0.errorCode)")
        }
    }

    func testEachFilterListsTheAclsItMatchedAndAllAreDeletedOnce() throws {
        for version: Int16 in [1, 3] {
            let fixture = try AdministrationFixture(self)
            try fixture.store.addAcls([ordersForAlice, ordersForBob, groupForAlice], actor: "test")
            let request = DeleteAclsRequest(filters: [
                filter(principal: "User:alice"),
                filter(AclResourceType.topic.rawValue, "orders"),
                filter(AclResourceType.transactionalId.rawValue),
            ])
            let results = try results(try fixture.answer(.deleteAcls(request), version: version))

            XCTAssertEqual(results.map(\.errorCode), [0, 0, 0], "v\(version)")
            XCTAssertEqual(results.map(\.errorMessage), [nil, nil, nil], "v\(version)")
            XCTAssertEqual(results.map(deleted), [
                ["2 orders 3 User:alice * 3 3", "3 billing 3 User:alice * 3 3"],
                ["2 orders 3 User:alice * 3 3", "2 orders 3 User:bob * 4 2"],
                [],
            ], "v\(version)")
            XCTAssertEqual(try fixture.store.snapshot().acls, [], "v\(version)")
            let changes = try fixture.store.adminChanges().filter { $0.action == .aclRemove }
            XCTAssertEqual(changes.count, 3, "v\(version): each ACL removed once")
            XCTAssertEqual(Set(changes.map(\.actor)), [AdministrationFixture.actor], "v\(version)")
        }
    }

    func testAnInvalidFilterFailsAloneWithInvalidRequest() throws {
        for version: Int16 in [0, 2] {
            let fixture = try AdministrationFixture(self)
            try fixture.store.addAcls([ordersForAlice, groupForAlice], actor: "test")
            let request = DeleteAclsRequest(filters: [
                filter(operation: 0),
                filter(principal: "Group:admins"),
                filter(AclResourceType.group.rawValue),
            ])
            let results = try results(try fixture.answer(.deleteAcls(request), version: version))

            let invalidRequest = KafkaErrorCode.invalidRequest.rawValue
            XCTAssertEqual(results.map(\.errorCode), [invalidRequest, invalidRequest, 0], "v\(version)")
            XCTAssertEqual(results.map(\.errorMessage), [
                "operation code 0 is UNKNOWN", "principal 'Group:admins' is not User:NAME or User:*", nil,
            ], "v\(version)")
            XCTAssertEqual(results.map(deleted), [[], [], ["3 billing 3 User:alice * 3 3"]], "v\(version)")
            XCTAssertEqual(try fixture.store.listAcls(), [ordersForAlice], "v\(version)")
        }
    }

    func testVersion0DeletesOnlyLiteralAcls() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addAcls([ordersForAlice, ordPrefix], actor: "test")
        // Version 0 has no pattern type filter on the wire: ANY reads as LITERAL, as in Kafka.
        let results = try results(try fixture.answer(.deleteAcls(DeleteAclsRequest(filters: [filter()])), version: 0))
        XCTAssertEqual(results.map(deleted), [["2 orders 3 User:alice * 3 3"]])
        XCTAssertEqual(try fixture.store.listAcls(), [ordPrefix])
    }

    func testWhenTheStoreFailsEveryValidFilterGetsUnknownServerError() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addAcls([ordersForAlice], actor: "test")
        try fixture.dropTable("acls")
        let request = DeleteAclsRequest(filters: [filter(), filter(permission: 0), filter(principal: "User:alice")])
        let results = try results(try fixture.answer(.deleteAcls(request), version: 2))
        let unknownServerError = KafkaErrorCode.unknownServerError.rawValue
        XCTAssertEqual(results.map(\.errorCode), [unknownServerError, KafkaErrorCode.invalidRequest.rawValue, unknownServerError])
        XCTAssertEqual(results[0].errorMessage?.hasPrefix("policy store database error"), true, results[0].errorMessage ?? "no message")
        XCTAssertEqual(results.map(\.matchingAcls), [[], [], []])
        XCTAssertEqual(try fixture.store.adminChanges().filter { $0.action == .aclRemove }, [])
    }
}
