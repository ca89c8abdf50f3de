import Authorization
import XCTest

/// The parser: AWS's MSK examples are accepted, and each refusal names the
/// statement and the problem.
final class IamPolicyDocumentTests: XCTestCase {
    /// The example of "Create authorization policies for the IAM role" in
    /// AWS's MSK developer guide (region and account filled in).
    static let mskExample = """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": [
                        "kafka-cluster:Connect",
                        "kafka-cluster:AlterCluster",
                        "kafka-cluster:DescribeCluster"
                    ],
                    "Resource": [
                        "arn:aws:kafka:us-east-1:123456789012:cluster/MyTestCluster/abcd1234-0123-abcd-5678-1234abcd-1"
                    ]
                },
                {
                    "Effect": "Allow",
                    "Action": [
                        "kafka-cluster:*Topic*",
                        "kafka-cluster:WriteData",
                        "kafka-cluster:ReadData"
                    ],
                    "Resource": [
                        "arn:aws:kafka:us-east-1:123456789012:topic/MyTestCluster/*"
                    ]
                },
                {
                    "Effect": "Allow",
                    "Action": [
                        "kafka-cluster:AlterGroup",
                        "kafka-cluster:DescribeGroup"
                    ],
                    "Resource": [
                        "arn:aws:kafka:us-east-1:123456789012:group/MyTestCluster/*"
                    ]
                }
            ]
        }
        """

    func testAwsMskExampleIsAcceptedAndGrantsWhatItSays() throws {
        let document = try IamPolicyDocument(text: Self.mskExample)
        XCTAssertEqual(document.version, .v2012_10_17)
        XCTAssertEqual(document.statements.count, 3)
        XCTAssertEqual(document.statements.map(\.label), ["#0", "#1", "#2"])
        let set = IamPolicySet([(name: "msk", document: document)])
        let context = IamRequestContext()
        XCTAssertEqual(
            set.evaluate(action: .writeData, resourceArn: testCluster.topicArn("orders"), context: context), .allow(policy: "msk", statement: "#1"))
        XCTAssertEqual(
            set.evaluate(action: .describeTopicDynamicConfiguration, resourceArn: testCluster.topicArn("orders"), context: context),
            .allow(policy: "msk", statement: "#1"))
        XCTAssertEqual(set.evaluate(action: .deleteGroup, resourceArn: testCluster.groupArn("g"), context: context), .implicitDeny)
        XCTAssertEqual(set.evaluate(action: .connect, resourceArn: testCluster.clusterArn, context: context), .allow(policy: "msk", statement: "#0"))
        XCTAssertEqual(set.evaluate(action: .readData, resourceArn: testCluster.groupArn("orders"), context: context), .implicitDeny)
    }

    func testSingleStatementObjectStringElementsAnd2008VersionAndId() throws {
        let document = try IamPolicyDocument(
            text: #"{"Version":"2008-10-17","Id":"p1","Statement":{"Sid":"All1","Effect":"Deny","NotAction":"kafka-cluster:Connect","NotResource":"arn:aws:kafka:*:*:cluster/*"}}"#)
        XCTAssertEqual(document.version, .v2008_10_17)
        XCTAssertEqual(document.id, "p1")
        XCTAssertEqual(document.statements.first?.label, "All1")
        XCTAssertEqual(document.statements.first?.actionElement, .notAction(["kafka-cluster:Connect"]))
        XCTAssertEqual(document.statements.first?.resourceElement, .notResource(["arn:aws:kafka:*:*:cluster/*"]))
    }

    func testCanonicalJsonIsTheSameForTheSameDocumentInAnotherLayout() throws {
        let a = try IamPolicyDocument(
            text: #"{"Statement":[{"Resource":"*","Action":["kafka-cluster:*"],"Effect":"Allow","Condition":{"StringEquals":{"aws:username":"bob"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8"]}}}],"Version":"2012-10-17"}"#)
        let b = try IamPolicyDocument(
            text: """
                {
                  "Version": "2012-10-17",
                  "Statement": [ { "Effect": "Allow", "Action": "kafka-cluster:*", "Resource": ["*"],
                    "Condition": { "IpAddress": { "aws:sourceip": "10.0.0.0/8" }, "StringEquals": { "aws:username": ["bob"] } } } ]
                }
                """)
        XCTAssertEqual(a.canonicalJSON, b.canonicalJSON)
        XCTAssertEqual(
            a.canonicalJSON,
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "kafka-cluster:*",
                  "Resource": "*",
                  "Condition": {
                    "IpAddress": {
                      "aws:SourceIp": "10.0.0.0/8"
                    },
                    "StringEquals": {
                      "aws:username": "bob"
                    }
                  }
                }
              ]
            }
            """)
        // The canonical text parses back to the same document.
        XCTAssertEqual(try IamPolicyDocument(text: a.canonicalJSON).canonicalJSON, a.canonicalJSON)
    }

    func testWildcardsAndCaseInActionsAreAccepted() {
        for action in ["*", "kafka-cluster:*", "KAFKA-CLUSTER:writedata", "kafka-cluster:Describe*", "kafka-cluster:?riteData"] {
            XCTAssertNil(refusal(statementDocument(#""Effect":"Allow","Action":"\#(action)","Resource":"*""#)), action)
        }
    }

    private func assertRefused(
        _ text: String, statement: String?, _ problem: IamPolicyDocumentError.Problem, file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let error = refusal(text) else {
            XCTFail("accepted: \(text)", file: file, line: line)
            return
        }
        XCTAssertEqual(error, IamPolicyDocumentError(statement: statement, problem: problem), file: file, line: line)
    }

    private let allow = #""Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"*""#

    func testDocumentLevelRefusals() {
        assertRefused("[]", statement: nil, .notAnObject)
        assertRefused(#"{"Version":"2012-10-17"}"#, statement: nil, .missingElement("Statement"))
        assertRefused(#"{"Version":"2012-10-18","Statement":{}}"#, statement: nil, .unsupportedVersion("2012-10-18"))
        assertRefused(#"{"Version":"2012-10-17","Statement":[]}"#, statement: nil, .emptyArray(element: "Statement"))
        assertRefused(#"{"Version":"2012-10-17","Extra":1,"Statement":{}}"#, statement: nil, .unknownTopLevelElement("Extra"))
        assertRefused(
            #"{"Version":"2012-10-17","Statement":"x"}"#, statement: nil,
            .wrongType(element: "Statement", expected: "an object or an array of objects", found: "a string"))
        guard case .invalidJSON(let offset, _)? = refusal(#"{"Version":"2012-10-17","Statement":[{},]}"#)?.problem else {
            return XCTFail("a trailing comma is not JSON")
        }
        XCTAssertEqual(offset, 40)
        // Two Effects: JSONSerialization would keep the last; IAM-style parsing must not guess.
        guard case .invalidJSON(_, let message)? = refusal(statementDocument(#""Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*""#))?.problem
        else { return XCTFail("a duplicate member must be refused") }
        XCTAssertEqual(message, #"duplicate member "Effect""#)
    }

    func testStatementRefusalsNameTheStatementBySidOrIndex() {
        assertRefused(statementDocument(allow + #","Principal":{"AWS":"*"}"#), statement: "#0", .principalInIdentityPolicy("Principal"))
        assertRefused(statementDocument(#""Sid":"Mine","# + allow + #","NotPrincipal":"*""#), statement: "Mine", .principalInIdentityPolicy("NotPrincipal"))
        assertRefused(statementDocument(allow + #","Effects":"Allow""#), statement: "#0", .unknownStatementElement("Effects"))
        assertRefused(statementDocument(#""Effect":"allow","Action":"*","Resource":"*""#), statement: "#0", .invalidEffect("allow"))
        assertRefused(statementDocument(#""Action":"*","Resource":"*""#), statement: "#0", .missingElement("Effect"))
        assertRefused(statementDocument(#""Effect":"Allow","Resource":"*""#), statement: "#0", .missingElement("Action or NotAction"))
        assertRefused(statementDocument(#""Effect":"Allow","Action":"*""#), statement: "#0", .missingElement("Resource or NotResource"))
        assertRefused(
            statementDocument(#""Effect":"Allow","Action":"*","NotAction":"kafka-cluster:Connect","Resource":"*""#), statement: "#0",
            .conflictingElements("Action", "NotAction"))
        assertRefused(
            statementDocument(#""Effect":"Allow","Action":"*","Resource":"*","NotResource":"*""#), statement: "#0",
            .conflictingElements("Resource", "NotResource"))
        assertRefused(statementDocument(#""Effect":"Allow","Action":[],"Resource":"*""#), statement: "#0", .emptyArray(element: "Action"))
        assertRefused(statementDocument(#""Effect":"Allow","Action":"*","Resource":[]"#), statement: "#0", .emptyArray(element: "Resource"))
        assertRefused(statementDocument(#""Effect":"Allow","Action":"","Resource":"*""#), statement: "#0", .emptyValue(element: "Action"))
        assertRefused(statementDocument(#""Sid":"a-b","# + allow), statement: "#0", .invalidSid("a-b"))
        assertRefused(
            #"{"Version":"2012-10-17","Statement":[{"Sid":"S1",\#(allow)},{"Sid":"S1",\#(allow)}]}"#, statement: "#1", .duplicateSid("S1"))
        assertRefused(
            #"{"Version":"2012-10-17","Statement":[{\#(allow)},{"Sid":"Second","Effect":"Allow","Action":"kafka-cluster:Conect","Resource":"*"}]}"#,
            statement: "Second", .unknownAction("kafka-cluster:Conect"))
        assertRefused(statementDocument(#""Effect":"Allow","Action":"*","Resource":"orders""#), statement: "#0", .invalidResource("orders"))
        assertRefused(
            statementDocument(#""Effect":"Allow","Action":"*","Resource":"arn:aws:kafka:us-east-1:1:topic/c/u/${aws:username}""#), statement: "#0",
            .policyVariable(element: "Resource", value: "arn:aws:kafka:us-east-1:1:topic/c/u/${aws:username}"))
    }

    func testActionsOfOtherServicesPointToTheRightPrefix() {
        guard case .foreignAction(let action, let hint)? = refusal(statementDocument(#""Effect":"Allow","Action":"kafka:DescribeCluster","Resource":"*""#))?.problem
        else { return XCTFail("kafka: must be refused") }
        XCTAssertEqual(action, "kafka:DescribeCluster")
        XCTAssertTrue(hint.contains("kafka-cluster:DescribeCluster"), hint)
        guard case .foreignAction(_, let s3Hint)? = refusal(statementDocument(#""Effect":"Allow","Action":"s3:GetObject","Resource":"*""#))?.problem
        else { return XCTFail("s3: must be refused") }
        XCTAssertTrue(s3Hint.contains("kafka-cluster:"), s3Hint)
        let error = refusal(statementDocument(#""Sid":"X","Effect":"Allow","Action":"kafka:DescribeCluster","Resource":"*""#))
        XCTAssertEqual(error?.description.hasPrefix("statement X: action \"kafka:DescribeCluster\" is not a kafka-cluster action"), true)
    }

    func testConditionRefusals() {
        func condition(_ block: String) -> String { statementDocument(allow + #","Condition":"# + block) }
        assertRefused(condition(#"{"StringEqualz":{"aws:username":"a"}}"#), statement: "#0", .unknownConditionOperator("StringEqualz"))
        assertRefused(condition(#"{"NullIfExists":{"aws:username":"true"}}"#), statement: "#0", .unknownConditionOperator("NullIfExists"))
        assertRefused(
            condition(#"{"ForAnyValue:StringEquals":{"aws:username":"a"}}"#), statement: "#0", .unsupportedSetOperator("ForAnyValue:StringEquals"))
        assertRefused(condition(#"{"StringEquals":{"aws:usernam":"a"}}"#), statement: "#0", .unknownConditionKey("aws:usernam"))
        assertRefused(condition(#"{"StringEquals":{"aws:username":[]}}"#), statement: "#0", .emptyArray(element: "Condition StringEquals aws:username"))
        assertRefused(condition(#"{}"#), statement: "#0", .emptyValue(element: "Condition"))
        assertRefused(condition(#"{"IpAddress":{"aws:username":"10.0.0.0/8"}}"#), statement: "#0", .operatorNotForKey(operator: "IpAddress", key: "aws:username"))
        assertRefused(
            condition(#"{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}"#), statement: "#0",
            .invalidConditionValue(
                operator: "DateLessThan", key: "aws:CurrentTime", value: "tomorrow", expected: "an ISO 8601 date (2026-12-07T15:00:00Z) or epoch seconds"))
        assertRefused(
            condition(#"{"Bool":{"aws:SecureTransport":"yes"}}"#), statement: "#0",
            .invalidConditionValue(operator: "Bool", key: "aws:SecureTransport", value: "yes", expected: "\"true\" or \"false\""))
        guard case .invalidConditionValue(_, _, "10.0.0.1/8", _)? = refusal(condition(#"{"IpAddress":{"aws:SourceIp":"10.0.0.1/8"}}"#))?.problem else {
            return XCTFail("a CIDR block with host bits set must be refused")
        }
        XCTAssertNil(refusal(condition(#"{"Bool":{"aws:SecureTransport":false},"StringEquals":{"aws:ResourceTag/Owner":"x"}}"#)))
    }
}
