// Decisions per CPU-second of the ACL evaluator and of ACLs plus network rules,
// on one core, against 10,003 ACLs and 100 network rules, compared in the
// same run with a plain scan over every ACL and with a dictionary lookup of
// precomputed decisions (the cost of a decision cache hit).
//
//   scripts/bench-authorizer.sh [--quick] [--reps N] [--rep-ms N]
import Authorization
import Foundation

var repetitionMilliseconds = 100.0
var repetitions = 9
do {
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> Double {
        guard let text = arguments.popFirst(), let value = Double(text) else { fatalError("\(name) needs a number") }
        return value
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--quick": repetitionMilliseconds = 20; repetitions = 5
        case "--rep-ms": repetitionMilliseconds = value(argument)
        case "--reps": repetitions = max(1, Int(value(argument)))
        case "-h", "--help":
            print("usage: AuthorizerBenchmark [--quick] [--rep-ms N] [--reps N]")
            exit(0)
        default:
            fatalError("unknown argument \(argument) (try --help)")
        }
    }
}

#if DEBUG
print("WARNING: debug build; numbers are meaningless. Use scripts/bench-authorizer.sh")
#endif

// MARK: - The policy and the questions

let bindings = Fixtures.bindings()
let rules = Fixtures.networkRules()
let requests = Fixtures.requests(count: 4096)
let requestMask = requests.count - 1

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

let buildStart = ContinuousClock.now
let aclAuthorizer = AclAuthorizer(bindings: bindings, superUsers: ["admin"])
let aclBuild = seconds(ContinuousClock.now - buildStart)
let ruleStart = ContinuousClock.now
let networkRules = NetworkRuleSet(rules)
let ruleBuild = seconds(ContinuousClock.now - ruleStart)
let authorizer = Authorizer(acls: aclAuthorizer, networkRules: networkRules)
let scan = PlainScan(bindings: bindings, rules: rules, superUsers: ["admin"])

/// The questions each contestant answers: may this request go ahead?
typealias Decide = (Fixtures.Request) -> Bool

let aclAllows: Decide = { aclAuthorizer.authorize(user: $0.user, host: $0.host, operation: $0.operation, resource: $0.resource).allowed }
let authorizerAllows: Decide = { authorizer.authorize(user: $0.user, host: $0.host, operation: $0.operation, resource: $0.resource).allowed }
let scanAllows: Decide = { scan.authorize(user: $0.user, host: $0.host, operation: $0.operation, resource: $0.resource) }
let scanWithRulesAllows: Decide = {
    scan.authorizeWithNetworkRules(user: $0.user, host: $0.host, operation: $0.operation, resource: $0.resource)
}

struct RequestKey: Hashable {
    var user: String
    var host: IPAddress
    var operation: AclOperation
    var resource: ResourceName

    init(_ request: Fixtures.Request) {
        (user, host, operation, resource) = (request.user, request.host, request.operation, request.resource)
    }
}

let decisionCache = Dictionary(requests.map { (RequestKey($0), aclAllows($0)) }, uniquingKeysWith: { first, _ in first })
let cacheAllows: Decide = { decisionCache[RequestKey($0)] == true }

// Correctness first: a fast evaluator that disagrees with the scan measures nothing.
for request in requests {
    precondition(aclAllows(request) == scanAllows(request), "\(request)")
    precondition(authorizerAllows(request) == scanWithRulesAllows(request), "\(request)")
}
let aclAllowed = requests.filter(aclAllows).count
let authorizerAllowed = requests.filter(authorizerAllows).count

/// What is timed: `count` decisions, cycling through the requests.
func deciding(_ decide: @escaping Decide) -> (Int) -> Void {
    { count in
        var allowed = 0
        for index in 0..<count where decide(requests[index & requestMask]) { allowed += 1 }
        blackHole(allowed)
    }
}

// MARK: - Run

func text(_ format: String, _ arguments: CVarArg...) -> String { String(format: format, arguments: arguments) }

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let gap = String(repeating: " ", count: max(0, width - text.count))
    return right ? gap + text : text + gap
}

let harness = Harness(repetitionSeconds: repetitionMilliseconds / 1000, repetitions: repetitions)
print("Portcullis authorizer benchmark (release build, one thread)")
print(text("policy:   %d ACLs (%d principals; LITERAL, PREFIXED, `*`, DENYs), %d network rules",
           bindings.count, Fixtures.teams * Fixtures.appsPerTeam + 1, rules.count))
print(text("index:    built in %.1f ms (ACLs), %.2f ms (network rules)", aclBuild * 1000, ruleBuild * 1000))
print(text("requests: %d distinct, cycled; %.0f%% allowed by the ACLs, %.0f%% with network rules too",
           requests.count, 100 * Double(aclAllowed) / Double(requests.count), 100 * Double(authorizerAllowed) / Double(requests.count)))
print(text("timing:   thread CPU time; %d × ~%.0f ms repetitions per measurement, alternating with the baseline's; medians",
           repetitions, repetitionMilliseconds))
if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
    print("loadavg:  \(load.prefix { $0 != "\n" })   (other processes share the caches and skew the numbers)")
}
print()

let rows: [(String, Decide, String, Decide)] = [
    ("AclAuthorizer", aclAllows, "plain scan of the ACLs", scanAllows),
    ("AclAuthorizer", aclAllows, "dictionary of decisions", cacheAllows),
    ("Authorizer (ACLs + rules)", authorizerAllows, "plain scan of ACLs + rules", scanWithRulesAllows),
    ("Authorizer (ACLs + rules)", authorizerAllows, "dictionary of decisions", cacheAllows),
]
print(pad("subject", 27) + pad("decisions/s", 14, right: true) + "   " + pad("baseline", 28) + pad("decisions/s", 14, right: true)
    + pad("subject/base", 14, right: true) + pad("spread", 8, right: true))
print(String(repeating: "-", count: 112))
for (subjectName, subject, baselineName, baseline) in rows {
    let result = harness.measure(subject: deciding(subject), baseline: deciding(baseline))
    print(pad(subjectName, 27) + pad(text("%.0f", result.subjectPerSecond), 14, right: true) + "   " + pad(baselineName, 28)
        + pad(text("%.0f", result.baselinePerSecond), 14, right: true) + pad(text("%.3f", result.ratio), 14, right: true)
        + pad(text("%.0f%%", result.spread * 100), 8, right: true))
}

// MARK: - IAM

/// A produce's checks for an IAM principal, on the same Authorizer (no ACLs
/// but the super user): `authorize(iam:)` of WRITE on a bench topic, which
/// evaluates WriteData and DescribeTopic on its ARN and Connect on the
/// cluster ARN; the super user is the baseline (decided before any policy).
let iamAuthorizer = Authorizer(acls: AclAuthorizer(bindings: [], superUsers: [IamFixtures.sessionArn + "-super"]), networkRules: NetworkRuleSet([]))
let iamSets = [("100 policies", IamFixtures.policySet(count: 100)), ("1 policy", IamFixtures.policySet(count: 1))]
let superSubject = IamFixtures.subject(policies: iamSets[0].1, principalArn: IamFixtures.sessionArn + "-super")
let topicMask = IamFixtures.topics.count - 1

func producing(_ subject: IamSubject) -> (Int) -> Void {
    { count in
        var allowed = 0
        for index in 0..<count {
            let decision = iamAuthorizer.authorize(
                iam: subject, host: IamFixtures.host, operation: .write, resource: IamFixtures.topics[index & topicMask], now: IamFixtures.now)
            if decision.allowed { allowed += 1 }
        }
        blackHole(allowed)
    }
}

/// The three evaluations of a produce straight on the policy set (`evaluate`)
/// or on the plain scan, with the context the Authorizer would make.
let iamContext = IamRequestContext(
    principalArn: IamFixtures.roleArn, principalAccount: IamFixtures.cluster.accountId, sourceIp: IamFixtures.host,
    currentTime: IamFixtures.now, secureTransport: true)
let topicArns = IamFixtures.topics.map { IamFixtures.cluster.arn(of: $0) }
let clusterArn = IamFixtures.cluster.clusterArn

func evaluating(_ evaluate: @escaping (IamAction, String, IamRequestContext) -> IamDecision) -> (Int) -> Void {
    { count in
        var allowed = 0
        for index in 0..<count {
            let arn = topicArns[index & topicMask]
            if evaluate(.writeData, arn, iamContext).isAllowed, evaluate(.describeTopic, arn, iamContext).isAllowed,
                evaluate(.connect, clusterArn, iamContext).isAllowed
            {
                allowed += 1
            }
        }
        blackHole(allowed)
    }
}

for (name, set) in iamSets {
    let subject = IamFixtures.subject(policies: set)
    let scan = PlainIamScan(policies: set)
    for topic in IamFixtures.topics {
        let decision = iamAuthorizer.authorize(iam: subject, host: IamFixtures.host, operation: .write, resource: topic, now: IamFixtures.now)
        precondition(decision.allowed, "\(name): \(decision)")
        let arn = IamFixtures.cluster.arn(of: topic)
        for action in [IamAction.writeData, .describeTopic, .readData, .alterGroup, .deleteTopic] {
            precondition(set.evaluate(action: action, resourceArn: arn, context: iamContext) == scan.evaluate(action: action, resourceArn: arn, context: iamContext))
        }
    }
}

print()
print("IAM: a role with N policies attached (99 non-granting + the granting one last); one decision = a produce's")
print("authorize(iam:) (WriteData + DescribeTopic on the topic, Connect on the cluster), or those three evaluate()s")
print(pad("subject", 44) + pad("ns/decision", 12, right: true) + "   " + pad("baseline", 32) + pad("ns/decision", 12, right: true)
    + pad("subject/base", 14, right: true) + pad("spread", 8, right: true))
print(String(repeating: "-", count: 125))
var iamRows: [(String, (Int) -> Void, String, (Int) -> Void)] = []
for (name, set) in iamSets {
    let scan = PlainIamScan(policies: set)
    iamRows.append(("authorize(iam:), \(name)", producing(IamFixtures.subject(policies: set)), "authorize(iam:), ACL super user", producing(superSubject)))
    iamRows.append(("IamPolicySet.evaluate ×3, \(name)", evaluating(set.evaluate), "plain scan of statements ×3", evaluating(scan.evaluate)))
}
for (subjectName, subject, baselineName, baseline) in iamRows {
    let result = harness.measure(subject: subject, baseline: baseline)
    print(pad(subjectName, 44) + pad(text("%.0f", 1e9 / result.subjectPerSecond), 12, right: true) + "   " + pad(baselineName, 32)
        + pad(text("%.0f", 1e9 / result.baselinePerSecond), 12, right: true) + pad(text("%.3f", result.ratio), 14, right: true)
        + pad(text("%.0f%%", result.spread * 100), 8, right: true))
}
