import Authorization
import Foundation

/// Random policy sets over a small vocabulary (so statements often apply,
/// deny, overlap and miss), as JSON text for the parser and as plain values
/// for `IamReferenceEvaluator`.
struct RandomIamPolicy {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    static let cluster = IamClusterIdentity(region: "us-east-1", accountId: "111122223333", clusterName: "c1", clusterUuid: "u-1")

    static let actionPatterns = [
        "kafka-cluster:WriteData", "kafka-cluster:ReadData", "kafka-cluster:DescribeTopic", "kafka-cluster:*", "*",
        "kafka-cluster:*Topic*", "kafka-cluster:Describe*", "kafka-cluster:?riteData", "KAFKA-CLUSTER:writedata", "kafka-cluster:Connect",
        "kafka-cluster:*Group", "kafka-cluster:Alter*",
    ]
    static let resourcePatterns = [
        "*", cluster.clusterArn, cluster.topicArn("orders"), cluster.topicArn("ord*"), cluster.topicArn("order?"),
        "arn:aws:kafka:*:*:topic/*", "arn:aws:kafka:us-east-1:111122223333:*", cluster.topicArn("Orders"), cluster.groupArn("*"),
        "arn:aws:kafka:us-east-1:111122223333:topic/c1/u-1/*/eu", cluster.topicArn("a/b"),
    ]
    static let requestArns = [
        cluster.clusterArn, cluster.topicArn("orders"), cluster.topicArn("order1"), cluster.topicArn("Orders"), cluster.topicArn("ord"),
        cluster.topicArn("x/eu"), cluster.topicArn("a/b"), cluster.groupArn("g1"), cluster.transactionalIdArn("tx"),
        IamClusterIdentity(accountId: "111122223333", clusterName: "c2").topicArn("orders"),
    ]
    static let users = ["alice", "bob", "anna"]
    static let addresses = ["10.1.2.3", "192.168.1.7", "2001:db8::5", "172.16.0.1", "2001:db9::1"]
    static let blocks = ["10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "0.0.0.0/0", "172.16.0.0/12"]
    /// Epoch seconds around which times and thresholds are drawn.
    static let times = [1_796_600_000, 1_796_655_600, 1_796_700_000]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func some<T>(_ items: [T], upTo count: Int) -> [T] { (0..<Int.random(in: 1...count, using: &random)).map { _ in pick(items) } }

    /// The thresholds in ISO 8601, made by Foundation's formatter (not the production parser).
    static let isoTimes: [Int: String] = Dictionary(
        uniqueKeysWithValues: times.map { ($0, ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval($0)))) })

    static func iso(_ epoch: Int) -> String { isoTimes[epoch]! }

    mutating func condition() -> IamReferenceEvaluator.Condition {
        let ifExists = chance(25) ? "IfExists" : ""
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return .init(operatorName: pick(["StringEquals", "StringNotEquals"]) + ifExists, key: "aws:username", values: some(Self.users, upTo: 2))
        case 1: return .init(operatorName: pick(["StringLike", "StringNotLike"]) + ifExists, key: "aws:username", values: some(["a*", "b?b", "*"], upTo: 2))
        case 2: return .init(operatorName: pick(["IpAddress", "NotIpAddress"]) + ifExists, key: "aws:sourceip", values: some(Self.blocks, upTo: 3))
        case 3: return .init(operatorName: "DateLessThan" + ifExists, key: "aws:currenttime", values: [Self.iso(pick(Self.times))])
        case 4: return .init(operatorName: "DateGreaterThan" + ifExists, key: "aws:currenttime", values: [Self.iso(pick(Self.times))])
        default: return .init(operatorName: "Bool" + ifExists, key: "aws:securetransport", values: [pick(["true", "false"])])
        }
    }

    mutating func statement(index: Int) -> IamReferenceEvaluator.Statement {
        var statement = IamReferenceEvaluator.Statement(
            sid: chance(50) ? "S\(index)" : nil, deny: chance(25), notAction: chance(15), actions: some(Self.actionPatterns, upTo: 3),
            notResource: chance(15), resources: some(Self.resourcePatterns, upTo: 3), conditions: chance(50) ? (0..<Int.random(in: 1...2, using: &random)).map { _ in condition() } : [])
        // One operator names a key once (JSON members are unique).
        var seen: Set<String> = []
        statement.conditions = statement.conditions.filter { seen.insert($0.operatorName + " " + $0.key).inserted }
        return statement
    }

    /// One to three policies of one to four statements.
    mutating func policySet() -> IamReferenceEvaluator {
        IamReferenceEvaluator(
            policies: (0..<Int.random(in: 1...3, using: &random)).map { number in
                (name: "p\(number)", statements: (0..<Int.random(in: 1...4, using: &random)).map { statement(index: $0) })
            })
    }

    mutating func request() -> IamReferenceEvaluator.Request {
        IamReferenceEvaluator.Request(
            action: pick(IamAction.allCases), resourceArn: pick(Self.requestArns), username: chance(80) ? pick(Self.users) : nil,
            sourceIp: chance(85) ? pick(Self.addresses) : nil, epochSeconds: chance(85) ? pick(Self.times) + pick([-1, 0, 1]) : nil,
            secureTransport: chance(80) ? chance(50) : nil)
    }

    /// The policy's JSON text, as an admin would write it.
    static func json(_ statements: [IamReferenceEvaluator.Statement]) -> String {
        func list(_ items: [String]) -> String {
            items.count == 1 ? quoted(items[0]) : "[" + items.map(quoted).joined(separator: ",") + "]"
        }
        func quoted(_ text: String) -> String { "\"" + text + "\"" }
        let rendered = statements.map { statement in
            var members: [String] = []
            if let sid = statement.sid { members.append(#""Sid":"\#(sid)""#) }
            members.append(#""Effect":"\#(statement.deny ? "Deny" : "Allow")""#)
            members.append((statement.notAction ? #""NotAction":"# : #""Action":"#) + list(statement.actions))
            members.append((statement.notResource ? #""NotResource":"# : #""Resource":"#) + list(statement.resources))
            if !statement.conditions.isEmpty {
                // Operators group their keys; one key per operator here, so
                // a repeated operator's keys are merged by key (values joined).
                var byOperator: [(String, [(String, [String])])] = []
                for condition in statement.conditions {
                    let keyName = ["aws:username": "aws:username", "aws:sourceip": "aws:SourceIp", "aws:currenttime": "aws:CurrentTime", "aws:securetransport": "aws:SecureTransport"][condition.key]!
                    if let at = byOperator.firstIndex(where: { $0.0 == condition.operatorName }) {
                        byOperator[at].1.append((keyName, condition.values))
                    } else {
                        byOperator.append((condition.operatorName, [(keyName, condition.values)]))
                    }
                }
                let blocks = byOperator.map { op, keys in quoted(op) + ":{" + keys.map { quoted($0.0) + ":" + list($0.1) }.joined(separator: ",") + "}" }
                members.append(#""Condition":{"# + blocks.joined(separator: ",") + "}")
            }
            return "{" + members.joined(separator: ",") + "}"
        }
        return #"{"Version":"2012-10-17","Statement":["# + rendered.joined(separator: ",") + "]}"
    }
}
