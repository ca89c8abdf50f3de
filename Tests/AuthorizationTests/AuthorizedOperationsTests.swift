import Authorization
import XCTest

final class AuthorizedOperationsTests: XCTestCase {
    func testSupportedOperationsAreKafkas() {
        XCTAssertEqual(AclResourceType.topic.supportedOperations, [.read, .write, .create, .describe, .delete, .alter, .describeConfigs, .alterConfigs])
        XCTAssertEqual(AclResourceType.group.supportedOperations, [.read, .describe, .delete, .describeConfigs, .alterConfigs])
        XCTAssertEqual(
            AclResourceType.cluster.supportedOperations, [.create, .clusterAction, .describeConfigs, .alterConfigs, .idempotentWrite, .alter, .describe])
        XCTAssertEqual(AclResourceType.transactionalId.supportedOperations, [.describe, .write])
    }

    func testAuthorizedOperationsWithImplications() {
        let authorizer = AclAuthorizer([
            acl(.allow, .user("alice"), .read, on: topic("t")),
            acl(.allow, .user("alice"), .alterConfigs, on: topic("t")),
        ])
        let operations = authorizer.authorizedOperations(user: "alice", host: someClient, resource: ResourceName(.topic, "t"))
        XCTAssertEqual(operations, [.read, .describe, .alterConfigs, .describeConfigs])
    }

    func testAllIsReportedAsTheSupportedOperations() {
        let authorizer = AclAuthorizer([acl(.allow, .user("alice"), .all, on: group("*"))])
        XCTAssertEqual(
            authorizer.authorizedOperations(user: "alice", host: someClient, resource: ResourceName(.group, "g")),
            AclResourceType.group.supportedOperations)
        XCTAssertEqual(authorizer.authorizedOperations(user: "bob", host: someClient, resource: ResourceName(.group, "g")), [])
    }

    func testKafkaBitFieldSetsTheBitOfEachOperationCode() {
        XCTAssertEqual(Set<AclOperation>().kafkaBitField, 0)
        XCTAssertEqual(Set<AclOperation>([.read]).kafkaBitField, 1 << 3)
        XCTAssertEqual(Set<AclOperation>([.read, .describe]).kafkaBitField, 1 << 3 | 1 << 8)
        // Every topic operation: Read (3) to Describe (8), DescribeConfigs (10), AlterConfigs (11).
        XCTAssertEqual(AclResourceType.topic.supportedOperations.kafkaBitField, 0b1101_1111_1000)
        XCTAssertEqual(AclResourceType.cluster.supportedOperations.kafkaBitField, 0b1_1111_1010_0000)
    }
}
