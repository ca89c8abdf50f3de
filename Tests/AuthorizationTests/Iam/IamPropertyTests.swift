import Authorization
import Foundation
import XCTest

/// IamPolicySet (parsed from JSON text) against `IamReferenceEvaluator` on
/// random policy sets and requests. A mismatch prints its seed; rerun one
/// with IAM_PROPERTY_SEED=<seed> (then only that case runs).
final class IamPropertyTests: XCTestCase {
    private static let cases = 10_000
    private static let requestsPerCase = 6

    private var seeds: [UInt64] {
        if let text = ProcessInfo.processInfo.environment["IAM_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
        return (0..<UInt64(Self.cases)).map { 0x1A30_0000 + $0 }
    }

    func testPolicySetEvaluationAgreesWithAPlainReference() throws {
        var counts = (allow: 0, explicitDeny: 0, implicitDeny: 0, conditionDecided: 0)
        var failures = 0
        let started = Date()
        for seed in seeds {
            var random = RandomIamPolicy(seed: seed)
            let reference = random.policySet()
            var named: [(name: String, document: IamPolicyDocument)] = []
            for policy in reference.policies {
                let text = RandomIamPolicy.json(policy.statements)
                do {
                    named.append((policy.name, try IamPolicyDocument(text: text)))
                } catch {
                    XCTFail("seed \(seed): the parser refused a valid document: \(error)\n\(text)")
                    failures += 1
                }
            }
            let set = IamPolicySet(named)
            for number in 0..<Self.requestsPerCase {
                let request = random.request()
                let context = IamRequestContext(
                    username: request.username, sourceIp: request.sourceIp.flatMap(IPAddress.init),
                    currentTime: request.epochSeconds.map { IamTimestamp(secondsSince1970: Double($0)) }, secureTransport: request.secureTransport)
                let expected = reference.evaluate(request)
                let got = set.evaluate(action: request.action, resourceArn: request.resourceArn, context: context)
                switch expected {
                case .allow: counts.allow += 1
                case .explicitDeny: counts.explicitDeny += 1
                case .implicitDeny: counts.implicitDeny += 1
                }
                // Did a condition change the outcome? (the first request again with every key absent)
                if number == 0 {
                    var bare = request
                    (bare.username, bare.sourceIp, bare.epochSeconds, bare.secureTransport) = (nil, nil, nil, nil)
                    if reference.evaluate(bare) != expected { counts.conditionDecided += 1 }
                }
                // The two-action pass (an action and a same-resource companion)
                // gives each action its own decision.
                let second = IamAction.allCases[Int((seed &+ UInt64(number)) % UInt64(IamAction.allCases.count))]
                var secondRequest = request
                secondRequest.action = second
                let pair = set.evaluate(request.action, second, resourceArn: request.resourceArn, context: context)
                if pair != (expected, reference.evaluate(secondRequest)) {
                    failures += 1
                    if failures <= 5 {
                        XCTFail("seed \(seed): evaluate(\(request.action), \(second)) gave \(pair); request \(request)")
                    }
                }
                if got != expected {
                    failures += 1
                    if failures <= 5 {
                        XCTFail(
                            """
                            seed \(seed): IamPolicySet disagrees with the reference
                              policies: \(reference.policies.map { "\($0.name): \(RandomIamPolicy.json($0.statements))" }.joined(separator: "\n    "))
                              request: \(request)
                              expected: \(expected)
                              got: \(got)
                            """)
                    }
                }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("IamPropertyTests: \(seeds.count) policy sets × \(Self.requestsPerCase) requests in \(String(format: "%.2f", seconds)) s; \(counts)")
        XCTAssertEqual(failures, 0)
        // Not vacuous: every outcome occurs often, and conditions decide some.
        guard seeds.count == Self.cases else { return }
        let total = Self.cases * Self.requestsPerCase
        XCTAssertGreaterThan(counts.allow, total / 20, "allows")
        XCTAssertGreaterThan(counts.explicitDeny, total / 20, "explicit denies")
        XCTAssertGreaterThan(counts.implicitDeny, total / 20, "implicit denies")
        XCTAssertGreaterThan(counts.conditionDecided, Self.cases / 20, "decisions that conditions changed")
    }

    /// The reference's own wildcard rules, so a bug there cannot hide one in production.
    func testReferenceWildcardMatcher() {
        XCTAssertTrue(IamReferenceEvaluator.wildcard("a*c", "a/b/c"))
        XCTAssertTrue(IamReferenceEvaluator.wildcard("a?c", "abc"))
        XCTAssertFalse(IamReferenceEvaluator.wildcard("a?c", "ac"))
        XCTAssertFalse(IamReferenceEvaluator.wildcard("a?c", "abbc"))
        XCTAssertTrue(IamReferenceEvaluator.wildcard("*", ""))
        XCTAssertFalse(IamReferenceEvaluator.wildcard("A", "a"))
        XCTAssertTrue(IamReferenceEvaluator.contains(block: "2001:db8::/32", "2001:db8::5"))
        XCTAssertFalse(IamReferenceEvaluator.contains(block: "10.0.0.0/8", "11.0.0.1"))
    }
}
