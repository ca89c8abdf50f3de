import Authorization
import XCTest

/// New ACLs from CreateAcls, checked as Kafka checks them.
final class AclValidationTests: XCTestCase {
    private func binding(
        type: Int8 = 2, name: String = "orders", pattern: Int8 = 3, principal: String = "User:alice", host: String = "*",
        operation: Int8 = 3, permission: Int8 = 3
    ) throws -> AclBinding {
        try AclBinding(
            resourceTypeCode: type, name: name, patternTypeCode: pattern, principal: principal, host: host,
            operationCode: operation, permissionCode: permission)
    }

    func testValidAclsFromWireCodes() throws {
        XCTAssertEqual(try binding(), acl(.allow, .user("alice"), .read, on: topic("orders")))
        XCTAssertEqual(
            try binding(type: 4, name: "kafka-cluster", principal: "User:*", host: "::ffff:10.0.0.1", operation: 7, permission: 2),
            acl(.deny, .anyUser, .alter, on: .cluster, from: host("10.0.0.1")))
        XCTAssertEqual(try binding(type: 3, name: "app-", pattern: 4, operation: 2), acl(.allow, .user("alice"), .all, on: group("app-", .prefixed)))
        XCTAssertEqual(try binding(name: "*"), acl(.allow, .user("alice"), .read, on: topic("*")))
        XCTAssertEqual(try binding(type: 5, name: "tx", operation: 4), acl(.allow, .user("alice"), .write, on: ResourcePattern(.transactionalId, "tx")))
    }

    func testRefusedAcls() {
        let cases: [(made: () throws -> AclBinding, reason: AclValidationError.Reason)] = [
            ({ try self.binding(type: 0) }, .unknownCode(.resourceType, 0)),
            ({ try self.binding(type: 1) }, .filterOnlyCode(.resourceType, 1)),
            ({ try self.binding(type: 7) }, .unsupportedCode(.resourceType, 7)),
            ({ try self.binding(pattern: 0) }, .unknownCode(.patternType, 0)),
            ({ try self.binding(pattern: 1) }, .filterOnlyCode(.patternType, 1)),
            ({ try self.binding(pattern: 2) }, .filterOnlyCode(.patternType, 2)),
            ({ try self.binding(operation: 0) }, .unknownCode(.operation, 0)),
            ({ try self.binding(operation: 1) }, .filterOnlyCode(.operation, 1)),
            ({ try self.binding(operation: 14) }, .unsupportedCode(.operation, 14)),
            ({ try self.binding(operation: 15) }, .unknownCode(.operation, 15)),
            ({ try self.binding(permission: 0) }, .unknownCode(.permission, 0)),
            ({ try self.binding(permission: 1) }, .filterOnlyCode(.permission, 1)),
            ({ try self.binding(principal: "alice") }, .invalidPrincipal("alice")),
            ({ try self.binding(principal: "User:") }, .invalidPrincipal("User:")),
            ({ try self.binding(principal: "Group:ops") }, .invalidPrincipal("Group:ops")),
            ({ try self.binding(host: "localhost") }, .invalidHost("localhost")),
            ({ try self.binding(host: "10.0.0.0/8") }, .invalidHost("10.0.0.0/8")),
            ({ try self.binding(name: "") }, .emptyResourceName),
            ({ try self.binding(type: 4, name: "my-cluster") }, .invalidClusterName("my-cluster")),
            ({ try self.binding(type: 4, name: "*") }, .invalidClusterName("*")),
            ({ try self.binding(name: "*", pattern: 4) }, .prefixedWildcard),
        ]
        for (index, (made, reason)) in cases.enumerated() {
            XCTAssertThrowsError(try made(), "case \(index)") { error in
                XCTAssertEqual(error as? AclValidationError, AclValidationError(reason), "case \(index)")
            }
        }
    }

    func testValidateChecksTypedAclsToo() {
        XCTAssertThrowsError(try acl(.allow, .user(""), .read, on: topic("t")).validate())
        XCTAssertThrowsError(try acl(.allow, .user("a"), .read, on: ResourcePattern(.cluster, "c")).validate())
        XCTAssertNoThrow(try acl(.allow, .user("a"), .read, on: ResourcePattern.cluster).validate())
        XCTAssertNoThrow(try acl(.allow, .user("a"), .read, on: ResourcePattern(.cluster, AclResourceType.clusterName, .prefixed)).validate())
    }

    func testErrorDescriptionsSayWhatIsWrong() {
        let table: [(AclValidationError.Reason, String)] = [
            (.unknownCode(.operation, 0), "operation code 0 is UNKNOWN"),
            (.unknownCode(.resourceType, 9), "resource type code 9 is not a Kafka resource type"),
            (.unsupportedCode(.resourceType, 6), "resource type DELEGATION_TOKEN (6) is not supported: the gateway serves no delegation tokens"),
            (.filterOnlyCode(.patternType, 2), "pattern type MATCH (2) is only valid in a filter, not in an ACL"),
            (.filterOnlyCode(.permission, 1), "permission type ANY (1) is only valid in a filter, not in an ACL"),
            (.invalidPrincipal("alice"), "principal 'alice' is not User:NAME or User:*"),
            (.invalidHost("localhost"), "host 'localhost' is not an IP address or *"),
            (.emptyResourceName, "the resource name is empty"),
            (.invalidClusterName("c"), "the only valid name for the Cluster resource is kafka-cluster, not 'c'"),
            (.prefixedWildcard, "PREFIXED '*' covers only names that start with '*'; use LITERAL '*' for every resource of the type"),
        ]
        for (reason, text) in table {
            XCTAssertEqual(AclValidationError(reason).description, text)
        }
    }
}
