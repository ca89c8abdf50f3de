import Authorization
import KafkaProtocol
import PolicyStore
import XCTest
@testable import Gateway

final class CreateAclsTests: XCTestCase {
    /// A creation as a client sends it: by default User:alice may Read the topic `orders` from any host.
    private func creation(
        _ resourceType: Int8 = AclResourceType.topic.rawValue, name: String = "orders",
        patternType: Int8 = AclPatternType.literal.rawValue, principal: String = "User:alice", host: String = "*",
        operation: Int8 = AclOperation.read.rawValue, permission: Int8 = AclPermission.allow.rawValue
    ) -> CreateAclsRequest.AclCreation {
        .init(resourceType: resourceType, resourceName: name, resourcePatternType: patternType, principal: principal,
              host: host, operation: operation, permissionType: permission)
    }

    private func results(_ body: KafkaResponseBody) throws -> [CreateAclsResponse.AclCreationResult] {
        guard case .createAcls(let response) = body else { throw UnexpectedResponse(body: body) }
        return response.results
    }

    func testCreatedAclsAreStoredRecordedWithTheActorAndInTheSnapshot() throws {
        for version: Int16 in [1, 3] {  // non-flexible and flexible
            let fixture = try AdministrationFixture(self)
            let request = CreateAclsRequest(creations: [
                creation(),
                creation(AclResourceType.group.rawValue, name: "etl-", patternType: AclPatternType.prefixed.rawValue,
                         principal: "User:bob", host: "10.0.0.1", operation: AclOperation.describe.rawValue,
                         permission: AclPermission.deny.rawValue),
            ])
            let results = try results(try fixture.answer(.createAcls(request), version: version))

            XCTAssertEqual(results.map(\.errorCode), [0, 0], "v\(version)")
            XCTAssertEqual(results.map(\.errorMessage), [nil, nil], "v\(version)")
            let expected = [
                AclBinding(pattern: ResourcePattern(.topic, "orders"),
                           entry: AccessControlEntry(principal: .user("alice"), operation: .read, permission: .allow)),
                AclBinding(pattern: ResourcePattern(.group, "etl-", .prefixed),
                           entry: AccessControlEntry(principal: .user("bob"), host: AclHost(parsing: "10.0.0.1")!,
                                                     operation: .describe, permission: .deny)),
            ]
            XCTAssertEqual(try fixture.store.snapshot().acls, expected.sorted(), "v\(version)")
            let changes = try fixture.store.adminChanges()
            XCTAssertEqual(changes.map(\.action), [.aclAdd, .aclAdd], "v\(version)")
            XCTAssertEqual(changes.map(\.actor), [AdministrationFixture.actor, AdministrationFixture.actor], "v\(version)")
            XCTAssertEqual(changes.map(\.subject), ["Topic:LITERAL:orders", "Group:PREFIXED:etl-"], "v\(version)")
        }
    }

    func testVersion0HasNoPatternTypeAndCreatesLiteralAcls() throws {
        let fixture = try AdministrationFixture(self)
        // Version 0 cannot carry PREFIXED: the field is not on the wire, and the gateway reads LITERAL, as Kafka does.
        let request = CreateAclsRequest(creations: [creation(name: "ord", patternType: AclPatternType.prefixed.rawValue)])
        let results = try results(try fixture.answer(.createAcls(request), version: 0))
        XCTAssertEqual(results.map(\.errorCode), [0])
        XCTAssertEqual(try fixture.store.listAcls().map(\.pattern), [ResourcePattern(.topic, "ord", .literal)])
    }

    func testAnExistingAclIsASuccessAndIsNotRecordedAgain() throws {
        let fixture = try AdministrationFixture(self)
        let request = CreateAclsRequest(creations: [creation()])
        _ = try fixture.answer(.createAcls(request), version: 2)
        let again = try results(try fixture.answer(.createAcls(request), version: 2))
        XCTAssertEqual(again.map(\.errorCode), [0])
        XCTAssertEqual(try fixture.store.listAcls().count, 1)
        XCTAssertEqual(try fixture.store.adminChanges().count, 1)
    }

    func testInvalidCreationsFailAloneWithInvalidRequestAndTheReason() throws {
        for version: Int16 in [0, 2] {
            let fixture = try AdministrationFixture(self)
            let request = CreateAclsRequest(creations: [
                creation(name: ""),
                creation(AclResourceType.cluster.rawValue, name: "my-cluster"),
                creation(principal: "alice"),
                creation(host: "gateway.example.com"),
                creation(operation: 1),  // ANY: only a filter may say it
                creation(0),  // UNKNOWN resource type
                creation(6),  // DELEGATION_TOKEN, which the gateway does not serve
                creation(name: "valid"),
            ])
            let results = try results(try fixture.answer(.createAcls(request), version: version))

            let invalidRequest = KafkaErrorCode.invalidRequest.rawValue
            XCTAssertEqual(results.map(\.errorCode), Array(repeating: invalidRequest, count: 7) + [0], "v\(version)")
            XCTAssertEqual(results.map(\.errorMessage), [
                "the resource name is empty",
                "the only valid name for the Cluster resource is kafka-cluster, not 'my-cluster'",
                "principal 'alice' is not User:NAME or User:*",
                "host 'gateway.example.com' is not an IP address or *",
                "operation ANY (1) is only valid in a filter, not in an ACL",
                "resource type code 0 is UNKNOWN",
                "resource type DELEGATION_TOKEN (6) is not supported: the gateway serves no delegation tokens",
                nil,
            ], "v\(version)")
            XCTAssertEqual(try fixture.store.listAcls().map(\.pattern.name), ["valid"], "v\(version)")
            XCTAssertEqual(try fixture.store.adminChanges().count, 1, "v\(version)")
        }
    }

    func testAnAclTheStoreWouldRefuseFailsAloneWithInvalidRequest() throws {
        let fixture = try AdministrationFixture(self)
        let request = CreateAclsRequest(creations: [
            creation(name: "orders\u{7}"),
            creation(principal: "User:e\u{301}"),  // not NFC: two spellings of one name would be two principals
            creation(),
        ])
        let results = try results(try fixture.answer(.createAcls(request), version: 3))
        let invalidRequest = KafkaErrorCode.invalidRequest.rawValue
        XCTAssertEqual(results.map(\.errorCode), [invalidRequest, invalidRequest, 0])
        XCTAssertEqual(results.map(\.errorMessage), [
            "invalid ACL: the resource name contains a control character",
            "invalid ACL: the principal's name is invalid: it is not in Unicode normalization form C (NFC)",
            nil,
        ])
        XCTAssertEqual(try fixture.store.listAcls().count, 1)
    }

    func testWhenTheStoreFailsEveryValidCreationGetsUnknownServerError() throws {
        let fixture = try AdministrationFixture(self)
        try fixture.dropTable("acls")
        let request = CreateAclsRequest(creations: [creation(), creation(name: ""), creation(name: "payments")])
        let results = try results(try fixture.answer(.createAcls(request), version: 1))
        let unknownServerError = KafkaErrorCode.unknownServerError.rawValue
        XCTAssertEqual(results.map(\.errorCode), [unknownServerError, KafkaErrorCode.invalidRequest.rawValue, unknownServerError])
        XCTAssertEqual(results[0].errorMessage?.hasPrefix("policy store database error"), true, results[0].errorMessage ?? "no message")
        XCTAssertEqual(try fixture.store.adminChanges().count, 0)
    }
}
