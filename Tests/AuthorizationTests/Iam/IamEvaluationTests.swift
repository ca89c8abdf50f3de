import Authorization
import XCTest

/// IamPolicySet: AWS's evaluation logic and its matching rules.
final class IamEvaluationTests: XCTestCase {
    private let orders = testCluster.topicArn("orders")
    private let none = IamRequestContext()

    func testExplicitDenyInOnePolicyWinsOverAllowInAnother() {
        let set = policies(
            ("allow-all", statementDocument(#""Sid":"Everything","Effect":"Allow","Action":"kafka-cluster:*","Resource":"*""#)),
            ("no-orders", statementDocument(#""Sid":"NoOrders","Effect":"Deny","Action":"kafka-cluster:WriteData","Resource":"\#(orders)""#)))
        XCTAssertEqual(set.evaluate(action: .writeData, resourceArn: orders, context: none), .explicitDeny(policy: "no-orders", statement: "NoOrders"))
        XCTAssertEqual(set.evaluate(action: .readData, resourceArn: orders, context: none), .allow(policy: "allow-all", statement: "Everything"))
        XCTAssertEqual(
            set.evaluate(action: .writeData, resourceArn: testCluster.topicArn("payments"), context: none),
            .allow(policy: "allow-all", statement: "Everything"))
        XCTAssertEqual(IamPolicySet.empty.evaluate(action: .connect, resourceArn: testCluster.clusterArn, context: none), .implicitDeny)
    }

    func testNotActionAndNotResource() {
        let set = policies(
            ("p", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"kafka-cluster:Delete*","Resource":"*"},"#
                + #"{"Sid":"Guard","Effect":"Deny","Action":"*","NotResource":"arn:aws:kafka:us-east-1:123456789012:*/MyTestCluster/*"}]}"#))
        XCTAssertTrue(set.evaluate(action: .alterTopic, resourceArn: orders, context: none).isAllowed)
        XCTAssertEqual(set.evaluate(action: .deleteTopic, resourceArn: orders, context: none), .implicitDeny)
        XCTAssertEqual(set.evaluate(action: .deleteGroup, resourceArn: testCluster.groupArn("g"), context: none), .implicitDeny)
        let otherCluster = IamClusterIdentity(accountId: "123456789012", clusterName: "Other").topicArn("orders")
        XCTAssertEqual(set.evaluate(action: .readData, resourceArn: otherCluster, context: none), .explicitDeny(policy: "p", statement: "Guard"))
    }

    func testQuestionMarkIsOneCharacterAndStarSpansSlashes() {
        let set = policies(
            ("p", statementDocument(#""Effect":"Allow","Action":"kafka-cluster:ReadData","Resource":["\#(testCluster.topicArn("order?"))","arn:aws:kafka:us-east-1:123456789012:topic/*/log""#
                + "]")))
        XCTAssertTrue(set.evaluate(action: .readData, resourceArn: testCluster.topicArn("orders"), context: none).isAllowed)
        XCTAssertTrue(set.evaluate(action: .readData, resourceArn: testCluster.topicArn("orderé"), context: none).isAllowed, "? is one character, not one byte")
        XCTAssertFalse(set.evaluate(action: .readData, resourceArn: testCluster.topicArn("order"), context: none).isAllowed)
        XCTAssertFalse(set.evaluate(action: .readData, resourceArn: testCluster.topicArn("orderss"), context: none).isAllowed)
        // `*` spans `/`: cluster name, UUID and a topic name with slashes.
        XCTAssertTrue(set.evaluate(action: .readData, resourceArn: testCluster.topicArn("app/log"), context: none).isAllowed)
        XCTAssertTrue(set.evaluate(action: .readData, resourceArn: testCluster.topicArn("log"), context: none).isAllowed)
        XCTAssertFalse(set.evaluate(action: .readData, resourceArn: testCluster.topicArn("log2"), context: none).isAllowed)
    }

    func testActionsAreCaseInsensitiveAndArnsCaseSensitive() {
        let set = policies(("p", statementDocument(#""Effect":"Allow","Action":"KAFKA-CLUSTER:readdata","Resource":"\#(orders)""#)))
        XCTAssertTrue(set.evaluate(action: .readData, resourceArn: orders, context: none).isAllowed)
        XCTAssertFalse(set.evaluate(action: .readData, resourceArn: testCluster.topicArn("Orders"), context: none).isAllowed)
        XCTAssertFalse(set.evaluate(action: .writeData, resourceArn: orders, context: none).isAllowed)
    }

    func testActionWildcards() {
        let set = policies(("p", statementDocument(#""Effect":"Allow","Action":["kafka-cluster:*Topic*","kafka-cluster:?riteData"],"Resource":"*""#)))
        for action in [IamAction.createTopic, .describeTopic, .alterTopic, .deleteTopic, .describeTopicDynamicConfiguration, .writeData] {
            XCTAssertTrue(set.evaluate(action: action, resourceArn: orders, context: none).isAllowed, "\(action)")
        }
        for action in [IamAction.readData, .connect, .writeDataIdempotently, .alterGroup] {
            XCTAssertFalse(set.evaluate(action: action, resourceArn: orders, context: none).isAllowed, "\(action)")
        }
    }

    func testEvery19ActionsResourceTypeAndKafkaMapping() {
        XCTAssertEqual(IamAction.allCases.count, 19)
        XCTAssertEqual(IamAction(operation: .read, resourceType: .topic), .readData)
        XCTAssertEqual(IamAction(operation: .create, resourceType: .cluster), .createTopic)
        XCTAssertEqual(IamAction(operation: .read, resourceType: .group), .alterGroup)
        XCTAssertEqual(IamAction(operation: .write, resourceType: .transactionalId), .alterTransactionalId)
        XCTAssertEqual(IamAction(operation: .idempotentWrite, resourceType: .cluster), .writeDataIdempotently)
        XCTAssertNil(IamAction(operation: .clusterAction, resourceType: .cluster))
        XCTAssertNil(IamAction(operation: .describeConfigs, resourceType: .group))
        XCTAssertEqual(IamAction.writeData.sameResourceCompanions, [.describeTopic])
        XCTAssertEqual(IamAction.readData.sameResourceCompanions, [.describeTopic])
        XCTAssertEqual(IamAction.alterGroup.sameResourceCompanions, [.describeGroup])
        XCTAssertEqual(IamAction.alterTransactionalId.sameResourceCompanions, [.describeTransactionalId])
        XCTAssertEqual(IamAction.writeDataIdempotently.sameResourceCompanions, [])
        XCTAssertEqual(IamAction(qualifiedName: "kafka-cluster:alterGROUP"), .alterGroup)
        // Every mapped action applies to the resource type it was mapped from (Cluster CREATE is CreateTopic, a topic action).
        for type in AclResourceType.allCases {
            for operation in type.supportedOperations {
                if let action = IamAction(operation: operation, resourceType: type), !(type == .cluster && operation == .create) {
                    XCTAssertEqual(action.resourceType, type, "\(type) \(operation)")
                }
            }
        }
        XCTAssertEqual(testCluster.clusterArn, "arn:aws:kafka:us-east-1:123456789012:cluster/MyTestCluster/abcd1234-0123-abcd-5678-1234abcd-1")
        XCTAssertEqual(
            IamClusterIdentity().transactionalIdArn("tx"),
            "arn:aws:kafka:us-east-1:000000000000:transactional-id/portcullis/00000000-0000-0000-0000-000000000000-1/tx")
        XCTAssertEqual(IamClusterIdentity().assumedRoleArn(role: "r", session: "s"), "arn:aws:sts::000000000000:assumed-role/r/s")
        XCTAssertEqual(IamClusterIdentity().userArn("alice"), "arn:aws:iam::000000000000:user/alice")
    }
}
