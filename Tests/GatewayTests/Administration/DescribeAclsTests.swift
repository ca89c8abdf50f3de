import Authorization
import KafkaProtocol
import PolicyStore
import XCTest
@testable import Gateway

final class DescribeAclsTests: XCTestCase {
    private let ordersForAlice = AuthorizationFixture.allow("alice", .read, .topic, "orders")
    private let ordersForBob = AuthorizationFixture.deny("bob", .write, .topic, "orders")
    private let ordPrefix = AuthorizationFixture.allow("alice", .describe, .topic, "ord", .prefixed)
    private let everyTopic = AuthorizationFixture.allow("carol", .read, .topic, "*")
    private let group = AuthorizationFixture.allow("alice", .read, .group, "billing")

    /// A filter as a client sends it; by default ANY of everything, as `describe_acls` with an empty filter.
    private func request(
        _ resourceType: Int8 = 1, _ name: String? = nil, patternType: Int8 = 1, principal: String? = nil, host: String? = nil,
        operation: Int8 = 1, permission: Int8 = 1
    ) -> KafkaRequestBody {
        .describeAcls(DescribeAclsRequest(
            resourceTypeFilter: resourceType, resourceNameFilter: name, patternTypeFilter: patternType, principalFilter: principal,
            hostFilter: host, operation: operation, permissionType: permission
        ))
    }

    private func response(_ body: KafkaResponseBody) throws -> DescribeAclsResponse {
        guard case .describeAcls(let response) = body else { throw UnexpectedResponse(body: body) }
        return response
    }

    /// `(resource type, name, pattern type)` and `(principal, host, operation, permission)` of each resource, in order.
    private func summary(_ response: DescribeAclsResponse) -> [String] {
        response.resources.map { resource in
            let entries = resource.acls.map { "\($0.principal) \($0.host) \($0.operation) \($0.permissionType)" }
            return "\(resource.resourceType) \(resource.resourceName) \(resource.patternType): \(entries.joined(separator: ", "))"
        }
    }

    func testMatchingAclsAreGroupedByResourcePattern() throws {
        for version: Int16 in [1, 3] {
            let fixture = try AdministrationFixture(self)
            try fixture.store.addAcls([ordersForAlice, ordersForBob, ordPrefix, group], actor: "test")
            let response = try response(try fixture.answer(request(), version: version))
            XCTAssertEqual(response.errorCode, 0, "v\(version)")
            XCTAssertNil(response.errorMessage, "v\(version)")
            XCTAssertEqual(summary(response), [
                "2 orders 3: User:alice * 3 3, User:bob * 4 2",
                "2 ord 4: User:alice * 8 3",
                "3 billing 3: User:alice * 3 3",
            ], "v\(version)")
        }
    }

    func testMatchFindsTheLiteralNameTheWildcardAndPrefixes() throws {
        let fixture = try AdministrationFixture(self)
        let otherPrefix = AuthorizationFixture.allow("alice", .read, .topic, "pay", .prefixed)
        try fixture.store.addAcls([ordersForAlice, ordPrefix, everyTopic, otherPrefix, group], actor: "test")
        let response = try response(try fixture.answer(request(AclResourceType.topic.rawValue, "orders", patternType: 2), version: 2))
        XCTAssertEqual(response.resources.map(\.resourceName), ["*", "orders", "ord"])
    }

    func testAFilterOnTheEntryKeepsOnlyMatchingEntries() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addAcls([ordersForAlice, ordersForBob, group], actor: "test")
        let response = try response(try fixture.answer(request(principal: "User:bob", permission: AclPermission.deny.rawValue), version: 3))
        XCTAssertEqual(summary(response), ["2 orders 3: User:bob * 4 2"])
    }

    func testVersion0SeesOnlyLiteralAcls() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addAcls([ordersForAlice, ordPrefix], actor: "test")
        // Version 0 has no pattern type filter on the wire: it reads as LITERAL, as in Kafka.
        let response = try response(try fixture.answer(request(), version: 0))
        XCTAssertEqual(summary(response), ["2 orders 3: User:alice * 3 3"])
    }

    func testAnInvalidFilterIsRefusedAtTheTopLevelWithInvalidRequest() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.store.addAcls([ordersForAlice], actor: "test")
        for (body, message) in [
            (request(principal: "alice"), "principal 'alice' is not User:NAME or User:*"),
            (request(0), "resource type code 0 is UNKNOWN"),
            (request(operation: 42), "operation code 42 is not a Kafka operation"),
        ] {
            let response = try response(try fixture.answer(body, version: 2))
            XCTAssertEqual(response.errorCode, KafkaErrorCode.invalidRequest.rawValue, message)
            XCTAssertEqual(response.errorMessage, message)
            XCTAssertEqual(response.resources, [], message)
        }
    }

    func testWhenTheStoreFailsTheAnswerIsUnknownServerError() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.dropTable("acls")
        let response = try response(try fixture.answer(request(), version: 1))
        XCTAssertEqual(response.errorCode, KafkaErrorCode.unknownServerError.rawValue)
        XCTAssertEqual(response.errorMessage?.hasPrefix("policy store database error"), true, response.errorMessage ?? "no message")
        XCTAssertEqual(response.resources, [])
    }
}
