import Authorization

/// An IAM role shaped like bench/gateway/iam_authorization.py's: 100 policy
/// documents attached, 99 that never grant the bench's requests (other
/// topics and groups, conditions that fail, Denies that do not apply; five
/// kinds in turn) and the granting one attached last; and a produce's
/// checks (`authorize(iam:)` of WRITE on a `bench-N` topic: WriteData and
/// DescribeTopic on the topic ARN, Connect on the cluster ARN).
enum IamFixtures {
    static let cluster = IamClusterIdentity.default
    static let arn = "arn:aws:kafka:\(cluster.region):\(cluster.accountId)"

    static func topicArn(_ name: String) -> String { "\(arn):topic/portcullis/*/\(name)" }
    static func groupArn(_ name: String) -> String { "\(arn):group/portcullis/*/\(name)" }

    static func fillerPolicy(_ index: Int) -> String {
        let statements: String
        switch index % 5 {
        case 0:
            statements = """
                {"Sid":"OtherTopics","Effect":"Allow","Action":["kafka-cluster:DescribeTopic","kafka-cluster:WriteData","kafka-cluster:ReadData"],
                 "Resource":["\(topicArn("svc-\(index)-*"))","\(topicArn("svc-\(index)-dlq"))"]},
                {"Sid":"NoAudit","Effect":"Deny","Action":"kafka-cluster:WriteData","Resource":"\(topicArn("svc-\(index)-audit"))"}
                """
        case 1:
            statements = """
                {"Sid":"OtherGroups","Effect":"Allow","Action":["kafka-cluster:DescribeGroup","kafka-cluster:AlterGroup"],"Resource":"\(groupArn("svc-\(index)-*"))"}
                """
        case 2:
            statements = """
                {"Sid":"FromOtherNetwork","Effect":"Allow","Action":["kafka-cluster:DescribeTopic","kafka-cluster:WriteData","kafka-cluster:ReadData"],
                 "Resource":"\(topicArn("bench-*"))","Condition":{"IpAddress":{"aws:SourceIp":["10.\(index).0.0/16","192.168.\(index).0/24"]}}}
                """
        case 3:
            statements = """
                {"Sid":"NoDeletes","Effect":"Deny","Action":["kafka-cluster:DeleteTopic","kafka-cluster:DeleteGroup","kafka-cluster:AlterCluster"],"Resource":"*"},
                {"Sid":"OnlyLoopback","Effect":"Deny","Action":"kafka-cluster:*","Resource":["\(topicArn("bench-*"))","\(groupArn("bench-*"))"],
                 "Condition":{"NotIpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}
                """
        default:
            statements = """
                {"Sid":"Later","Effect":"Allow","Action":"kafka-cluster:*","Resource":["\(topicArn("bench-*"))","\(groupArn("bench-*"))"],
                 "Condition":{"DateGreaterThan":{"aws:CurrentTime":"2099-01-01T00:00:00Z"},"StringEquals":{"aws:PrincipalAccount":"000000000000"}}},
                {"Sid":"OtherPrefix","Effect":"Allow","Action":"kafka-cluster:WriteData","Resource":"\(topicArn("team-\(index)-*"))"}
                """
        }
        return #"{"Version":"2012-10-17","Statement":["# + statements + "]}"
    }

    static let benchPolicy = """
        {"Version":"2012-10-17","Statement":[
         {"Sid":"Connect","Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"\(arn):cluster/portcullis/*"},
         {"Sid":"BenchTopics","Effect":"Allow","Action":["kafka-cluster:DescribeTopic","kafka-cluster:WriteData","kafka-cluster:ReadData"],
          "Resource":"\(topicArn("bench-*"))"},
         {"Sid":"BenchGroups","Effect":"Allow","Action":["kafka-cluster:DescribeGroup","kafka-cluster:AlterGroup"],"Resource":"\(groupArn("bench-*"))"}]}
        """

    /// `count` policies: `count - 1` fillers, then the granting one.
    static func policySet(count: Int) -> IamPolicySet {
        var named: [(name: String, document: IamPolicyDocument)] = []
        for index in 0..<(count - 1) {
            named.append((String(format: "p%03d-filler", index), try! IamPolicyDocument(text: fillerPolicy(index))))
        }
        named.append(("bench", try! IamPolicyDocument(text: benchPolicy)))
        return IamPolicySet(named)
    }

    static let roleArn = "arn:aws:iam::\(cluster.accountId):role/bench"
    static let sessionArn = "arn:aws:sts::\(cluster.accountId):assumed-role/bench/session-1"

    static func subject(policies: IamPolicySet, principalArn: String = sessionArn) -> IamSubject {
        IamSubject(
            principalArn: principalArn, policies: policies,
            context: IamRequestContext(principalArn: roleArn, principalAccount: cluster.accountId, secureTransport: true))
    }

    /// Produces to `bench-0` … `bench-15` from loopback.
    static let topics = (0..<16).map { ResourceName(.topic, "bench-\($0)") }
    static let host = IPAddress.v4(0x7F00_0001)
    static let now = IamTimestamp(secondsSince1970: 1_760_000_000)
}

/// The evaluation before the policy set was indexed: every statement of
/// every policy, in order, asked whether it applies (what
/// `IamPolicySet.evaluate` did on main).
struct PlainIamScan {
    let policies: IamPolicySet

    func evaluate(action: IamAction, resourceArn: String, context: IamRequestContext) -> IamDecision {
        var allowing: IamDecision?
        for policy in policies.policies {
            for statement in policy.document.statements where statement.applies(action: action, resourceArn: resourceArn, context: context) {
                switch statement.effect {
                case .deny: return .explicitDeny(policy: policy.name, statement: statement.label)
                case .allow: allowing = allowing ?? .allow(policy: policy.name, statement: statement.label)
                }
            }
        }
        return allowing ?? .implicitDeny
    }
}
