import Authorization
import XCTest

/// Kafka's testAclInheritance and testFindResultImplication: an ALLOW implies
/// Describe (Read, Write, Delete, Alter) or DescribeConfigs (AlterConfigs),
/// and All implies everything; a DENY implies nothing but All denying all.
final class ImpliedOperationTests: XCTestCase {
    private let cluster = ResourcePattern.cluster

    func testAllowImpliesExactlyKafkasOperations() {
        let table: [(AclOperation, Set<AclOperation>)] = [
            (.all, Set(AclOperation.allCases)),
            (.read, [.read, .describe]),
            (.write, [.write, .describe]),
            (.delete, [.delete, .describe]),
            (.alter, [.alter, .describe]),
            (.alterConfigs, [.alterConfigs, .describeConfigs]),
            (.describe, [.describe]),
            (.describeConfigs, [.describeConfigs]),
            (.create, [.create]),
            (.clusterAction, [.clusterAction]),
            (.idempotentWrite, [.idempotentWrite]),
        ]
        for (granted, implied) in table {
            XCTAssertEqual(granted.impliedByAllowing, implied, "\(granted)")
            let authorizer = AclAuthorizer([acl(.allow, .user("alice"), granted, on: cluster)])
            for operation in AclOperation.allCases {
                XCTAssertEqual(
                    authorizer.allows("alice", operation, AclResourceType.clusterName, type: .cluster), implied.contains(operation),
                    "ALLOW \(granted) then \(operation)")
            }
        }
    }

    func testDenyDoesNotImply() {
        for denied in AclOperation.allCases {
            let authorizer = AclAuthorizer([
                acl(.deny, .user("alice"), denied, on: cluster),
                acl(.allow, .user("alice"), .all, on: cluster),
            ])
            for operation in AclOperation.allCases {
                let deniedNow = denied == .all || denied == operation
                XCTAssertEqual(
                    authorizer.allows("alice", operation, AclResourceType.clusterName, type: .cluster), !deniedNow,
                    "DENY \(denied) then \(operation)")
            }
        }
    }

    func testDenyReadLeavesDescribeToTheAllow() {
        let authorizer = AclAuthorizer([
            acl(.allow, .user("bob"), .read, on: topic("foo_", .prefixed)),
            acl(.deny, .user("bob"), .read, on: topic("foo_", .prefixed)),
        ])
        XCTAssertFalse(authorizer.allows("bob", .read, "foo_bar"))
        XCTAssertTrue(authorizer.allows("bob", .describe, "foo_bar"), "ALLOW Read implies Describe; DENY Read does not deny it")
    }

    func testCreateDoesNotImplyDescribe() {
        XCTAssertFalse(AclAuthorizer([acl(.allow, .user("bob"), .create, on: topic("t"))]).allows("bob", .describe, "t"))
    }
}
