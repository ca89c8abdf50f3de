import Authorization
import XCTest

/// Authorizer.authorize(iam:…): network rules, super users, IAM and ACLs together.
final class IamAuthorizerTests: XCTestCase {
    private let arn = "arn:aws:iam::123456789012:user/alice"
    private let connect = #"{"Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"*"}"#

    private func subject(_ statements: String...) -> IamSubject {
        let set = statements.isEmpty ? .empty : policies(("app", #"{"Version":"2012-10-17","Statement":["# + statements.joined(separator: ",") + "]}"))
        return IamSubject(principalArn: arn, policies: set)
    }

    private func authorizer(_ bindings: [AclBinding] = [], superUsers: Set<String> = [], rules: [NetworkRule] = [], noAclAllows: Bool = false) -> Authorizer {
        Authorizer(
            acls: AclAuthorizer(bindings: bindings, superUsers: superUsers, allowEveryoneIfNoAclFound: noAclAllows),
            networkRules: NetworkRuleSet(rules), iam: testCluster)
    }

    private func decide(
        _ authorizer: Authorizer, _ subject: IamSubject, _ operation: AclOperation, _ resource: ResourceName, from client: String = "10.0.0.1"
    ) -> AuthorizationDecision {
        authorizer.authorize(iam: subject, host: ip(client), operation: operation, resource: resource, now: testNow)
    }

    private let orders = ResourceName(.topic, "orders")

    func testWriteDataNeedsDescribeTopicOnTheSameTopicAndConnect() {
        let writeOnly = subject(connect, #"{"Sid":"W","Effect":"Allow","Action":"kafka-cluster:WriteData","Resource":"*"}"#)
        let denied = decide(authorizer(), writeOnly, .write, orders)
        XCTAssertFalse(denied.allowed)
        XCTAssertEqual(denied.reason, .iamDefaultDeny(action: .describeTopic, request: .writeData))
        XCTAssertEqual(denied.reason.machineName, "iam-default-deny")
        XCTAssertEqual(denied.reason.description, "no IAM policy allows kafka-cluster:DescribeTopic (required for kafka-cluster:WriteData) and no ACL allows the request (default deny)")

        let describeOtherTopic = subject(
            connect, #"{"Sid":"W","Effect":"Allow","Action":"kafka-cluster:WriteData","Resource":"*"}"#,
            #"{"Effect":"Allow","Action":"kafka-cluster:DescribeTopic","Resource":"\#(testCluster.topicArn("payments"))"}"#)
        XCTAssertFalse(decide(authorizer(), describeOtherTopic, .write, orders).allowed, "DescribeTopic must be on the same topic")

        let both = subject(connect, #"{"Sid":"W","Effect":"Allow","Action":["kafka-cluster:WriteData","kafka-cluster:DescribeTopic"],"Resource":"*"}"#)
        let allowed = decide(authorizer(), both, .write, orders)
        XCTAssertTrue(allowed.allowed)
        XCTAssertEqual(allowed.reason, .iamAllow(policy: "app", statement: "W", action: .writeData))
        XCTAssertEqual(allowed.reason.machineName, "iam-policy")
        XCTAssertEqual(allowed.reason.description, "IAM policy app statement W allows kafka-cluster:WriteData")

        let noConnect = subject(#"{"Effect":"Allow","Action":["kafka-cluster:WriteData","kafka-cluster:DescribeTopic"],"Resource":"*"}"#)
        XCTAssertEqual(decide(authorizer(), noConnect, .write, orders).reason, .iamDefaultDeny(action: .connect, request: .writeData))
    }

    func testGroupReadIsAlterGroupAndNeedsDescribeGroup() {
        let group = ResourceName(.group, "g")
        let alterOnly = subject(connect, #"{"Effect":"Allow","Action":"kafka-cluster:AlterGroup","Resource":"*"}"#)
        XCTAssertEqual(decide(authorizer(), alterOnly, .read, group).reason, .iamDefaultDeny(action: .describeGroup, request: .alterGroup))
        let both = subject(connect, #"{"Effect":"Allow","Action":"kafka-cluster:*Group","Resource":"\#(testCluster.groupArn("g"))"}"#)
        XCTAssertTrue(decide(authorizer(), both, .read, group).allowed)
        XCTAssertFalse(decide(authorizer(), both, .read, ResourceName(.group, "h")).allowed)
    }

    func testExplicitIamDenyOfACompanionOrConnectDeniesEvenWithAnAclAllow() {
        let allowAcl = acl(.allow, .user(arn), .all, on: topic("orders"))
        let denyDescribe = subject(
            connect, #"{"Effect":"Allow","Action":"kafka-cluster:*","Resource":"*"}"#,
            #"{"Sid":"NoDescribe","Effect":"Deny","Action":"kafka-cluster:DescribeTopic","Resource":"*"}"#)
        XCTAssertEqual(
            decide(authorizer([allowAcl]), denyDescribe, .read, orders).reason, .iamDeny(policy: "app", statement: "NoDescribe", action: .describeTopic))
        let denyConnect = subject(#"{"Sid":"Out","Effect":"Deny","Action":"kafka-cluster:Connect","Resource":"*"}"#)
        XCTAssertEqual(decide(authorizer([allowAcl]), denyConnect, .read, orders).reason, .iamDeny(policy: "app", statement: "Out", action: .connect))
    }

    func testAclDenyForThePrincipalArnBeatsAnIamAllow() {
        let everything = subject(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        let denyAcl = acl(.deny, .user(arn), .write, on: topic("orders"))
        let decision = decide(authorizer([denyAcl]), everything, .write, orders)
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(decision.reason, .acl(denyAcl))
        XCTAssertTrue(decide(authorizer([denyAcl]), everything, .read, orders).allowed)
        // A DENY ACL for someone else does not apply.
        XCTAssertTrue(decide(authorizer([acl(.deny, .user("alice"), .write, on: topic("orders"))]), everything, .write, orders).allowed)
    }

    func testAclAllowForThePrincipalArnAllowsWhatIamDoesNot() {
        let connectOnly = subject(connect)
        let allowAcl = acl(.allow, .user(arn), .read, on: topic("ord", .prefixed))
        let decision = decide(authorizer([allowAcl]), connectOnly, .read, orders)
        XCTAssertTrue(decision.allowed)
        XCTAssertEqual(decision.reason, .acl(allowAcl))
        XCTAssertFalse(decide(authorizer([allowAcl]), connectOnly, .write, orders).allowed)
        // ClusterAction has no IAM action: only an ACL can allow it.
        XCTAssertEqual(
            decide(authorizer(), subject(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#), .clusterAction, .cluster).reason,
            .iamNoAction(operation: .clusterAction, resourceType: .cluster))
    }

    func testAllowEveryoneIfNoAclFoundNeverOpensAnythingToAnIamPrincipal() {
        let decision = decide(authorizer(noAclAllows: true), subject(connect), .read, orders)
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(decision.reason, .iamDefaultDeny(action: .readData, request: .readData))
    }

    func testSuperUserByArnIsAllowedButNetworkRulesStillBind() {
        let rule = NetworkRule(topicName: "orders", block: try! CIDRBlock("10.0.0.0/8"))
        let gate = authorizer(superUsers: [arn], rules: [rule])
        let nothing = subject(#"{"Sid":"No","Effect":"Deny","Action":"*","Resource":"*"}"#)
        XCTAssertEqual(decide(gate, nothing, .write, orders).reason, .superUser)
        XCTAssertEqual(decide(gate, nothing, .write, orders, from: "192.168.0.1").reason.machineName, "network-rule")
        let everything = subject(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        let admitted = decide(authorizer(rules: [rule]), everything, .write, orders)
        XCTAssertTrue(admitted.allowed)
        XCTAssertEqual(admitted.admittingNetworkRule, rule)
        XCTAssertFalse(decide(authorizer(rules: [rule]), everything, .write, orders, from: "192.168.0.1").allowed)
    }

    func testSourceIpAndTimeComeFromTheRequest() {
        let office = subject(#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}}}"#)
        XCTAssertTrue(decide(authorizer(), office, .read, orders, from: "10.9.9.9").allowed)
        XCTAssertFalse(decide(authorizer(), office, .read, orders, from: "11.0.0.1").allowed)
        let later = authorizer().authorize(iam: office, host: ip("10.9.9.9"), operation: .read, resource: orders, now: IamTimestamp(iso8601: "2027-01-01T00:00:00Z")!)
        XCTAssertFalse(later.allowed)
    }

    func testAllowsConnect() {
        let gate = authorizer()
        XCTAssertEqual(gate.allowsConnect(iam: subject(connect), host: ip("10.0.0.1"), now: testNow).allowed, true)
        let decision = gate.allowsConnect(iam: subject(#"{"Effect":"Allow","Action":"kafka-cluster:ReadData","Resource":"*"}"#), host: ip("10.0.0.1"), now: testNow)
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(decision.reason, .iamDefaultDeny(action: .connect, request: nil))
        let scoped = subject(#"{"Sid":"C","Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"\#(testCluster.clusterArn)","Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#)
        XCTAssertEqual(gate.allowsConnect(iam: scoped, host: ip("10.0.0.1"), now: testNow).reason, .iamAllow(policy: "app", statement: "C", action: .connect))
        XCTAssertTrue(authorizer(superUsers: [arn]).allowsConnect(iam: subject(), host: ip("10.0.0.1"), now: testNow).allowed)
    }

    func testRoleSessionConditionKeys() {
        let session = IamSubject(
            principalArn: "arn:aws:sts::123456789012:assumed-role/Writer/s1",
            policies: policies(("role", #"{"Version":"2012-10-17","Statement":[\#(connect),{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/Writer"},"Null":{"aws:username":"true"}}}]}"#)))
        XCTAssertEqual(session.context.principalArn, "arn:aws:iam::123456789012:role/Writer")
        XCTAssertNil(session.context.username)
        XCTAssertEqual(session.context.principalAccount, "123456789012")
        XCTAssertTrue(decide(authorizer(), session, .read, orders).allowed)
        XCTAssertEqual(IamSubject(principalArn: arn, policies: .empty).context.username, "alice")
    }

    func testAuthorizedOperations() {
        let reader = subject(connect, #"{"Effect":"Allow","Action":["kafka-cluster:ReadData","kafka-cluster:DescribeTopic"],"Resource":"*"}"#)
        XCTAssertEqual(authorizer().authorizedOperations(iam: reader, host: ip("10.0.0.1"), resource: orders, now: testNow), [.read, .describe])
    }

    func testAuthorizeByResourceType() {
        func byType(_ subject: IamSubject, _ bindings: [AclBinding] = []) -> Bool {
            authorizer(bindings).authorizeByResourceType(iam: subject, host: ip("10.0.0.1"), operation: .write, resourceType: .topic, now: testNow)
        }
        let writer = #"{"Effect":"Allow","Action":["kafka-cluster:WriteData","kafka-cluster:DescribeTopic"],"Resource":"\#(testCluster.topicArn("orders-*"))"}"#
        XCTAssertTrue(byType(subject(connect, writer)))
        XCTAssertFalse(byType(subject(writer)), "no Connect")
        XCTAssertFalse(
            byType(subject(connect, #"{"Effect":"Allow","Action":"kafka-cluster:WriteData","Resource":"*"}"#)), "WriteData without DescribeTopic anywhere")
        XCTAssertFalse(byType(subject(connect, #"{"Effect":"Allow","Action":["kafka-cluster:WriteData","kafka-cluster:DescribeTopic"],"Resource":"\#(testCluster.groupArn("*"))"}"#)), "only group ARNs")
        XCTAssertFalse(byType(subject(connect, writer, #"{"Effect":"Deny","Action":"kafka-cluster:WriteData","Resource":"*"}"#)), "a *-resource Deny")
        XCTAssertTrue(
            byType(subject(connect, writer, #"{"Effect":"Deny","Action":"kafka-cluster:WriteData","Resource":"\#(testCluster.topicArn("orders-eu"))"}"#)),
            "a Deny of one name leaves the pattern's others")
        XCTAssertTrue(byType(subject(), [acl(.allow, .user(arn), .write, on: topic("t"))]), "the ACLs' answer")
        XCTAssertTrue(byType(subject(connect, #"{"Effect":"Allow","Action":"kafka-cluster:*","Resource":"arn:aws:kafka:*:123456789012:topic/MyTest???????/*"}"#)))
    }
}
