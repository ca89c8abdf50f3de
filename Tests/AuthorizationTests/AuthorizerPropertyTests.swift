import Authorization
import Foundation
import XCTest

/// The indexed evaluators against `ReferenceAuthorizer`'s plain scans, on
/// random policies and requests. A mismatch prints its seed; rerun one with
/// AUTHORIZATION_PROPERTY_SEED=<seed> (then only that case runs).
final class AuthorizerPropertyTests: XCTestCase {
    private static let cases = 10_000
    private static let requestsPerCase = 6

    /// The seeds to run: one per case, or the one asked for.
    private var seeds: [UInt64] {
        if let text = ProcessInfo.processInfo.environment["AUTHORIZATION_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
        return (0..<UInt64(Self.cases)).map { 0x5EED_0000 + $0 }
    }

    private func mismatch(_ seed: UInt64, _ policy: ReferenceAuthorizer, _ request: String, expected: Any, got: Any) {
        XCTFail(
            """
            seed \(seed): indexed evaluator disagrees with the reference scan
              ACLs: \(policy.bindings.map(\.description).joined(separator: "\n        "))
              super users: \(policy.superUsers.sorted()), allow.everyone.if.no.acl.found: \(policy.allowEveryoneIfNoAclFound)
              network rules: \(policy.rules.map(\.description))
              request: \(request)
              expected: \(expected)
              got: \(got)
            """)
    }

    /// AclAuthorizer's authorize and authorizeByResourceType, and Authorizer
    /// (network rules first for topics, then the ACLs) on the same requests.
    func testAclAuthorizerAndAuthorizerAgreeWithAPlainScan() {
        for seed in seeds {
            var random = RandomPolicy(seed: seed)
            let policy = random.reference()
            let acls = AclAuthorizer(
                bindings: policy.bindings, superUsers: policy.superUsers, allowEveryoneIfNoAclFound: policy.allowEveryoneIfNoAclFound)
            let authorizer = Authorizer(acls: acls, networkRules: NetworkRuleSet(policy.rules))
            for _ in 0..<Self.requestsPerCase {
                let (user, client, operation, resource) = random.request(near: policy.bindings, policy.rules.map(\.topics))
                let request = "\(user) from \(client) \(operation) on \(resource)"
                let expected = policy.authorize(user: user, host: client, operation: operation, resource: resource)
                let got = acls.authorize(user: user, host: client, operation: operation, resource: resource)
                guard expected.accepts(got) else {
                    return mismatch(seed, policy, "AclAuthorizer.authorize \(request)", expected: expected, got: got)
                }

                let type = resource.resourceType
                let expectedByType = policy.authorizeByResourceType(user: user, host: client, operation: operation, resourceType: type)
                let gotByType = acls.authorizeByResourceType(user: user, host: client, operation: operation, resourceType: type)
                guard expectedByType == gotByType else {
                    return mismatch(seed, policy, "authorizeByResourceType \(request)", expected: expectedByType, got: gotByType)
                }

                let network =
                    type == .topic
                    ? policy.checkNetwork(topic: resource.name, operation: operation, client: client) : (covering: [], admitting: [])
                let decision = authorizer.authorize(user: user, host: client, operation: operation, resource: resource)
                let agrees: Bool
                if !network.covering.isEmpty, network.admitting.isEmpty {
                    agrees = decision == AuthorizationDecision(allowed: false, reason: .networkRule(coveringRules: network.covering.sorted()))
                } else {
                    let admittedAsExpected = decision.admittingNetworkRule.map(network.admitting.contains) ?? network.admitting.isEmpty
                    agrees = expected.accepts(decision) && admittedAsExpected
                }
                guard agrees else {
                    return mismatch(
                        seed, policy, "Authorizer.authorize \(request)", expected: "\(expected) with network rules \(network)", got: decision)
                }
            }
        }
    }

    func testNetworkRuleSetAgreesWithAPlainScan() {
        for seed in seeds {
            var random = RandomPolicy(seed: seed)
            let policy = random.reference()
            let rules = NetworkRuleSet(policy.rules)
            for _ in 0..<Self.requestsPerCase {
                let (_, client, operation, resource) = random.request(near: [], policy.rules.map(\.topics))
                let topic = resource.name
                let (covering, admitting) = policy.checkNetwork(topic: topic, operation: operation, client: client)
                let got = rules.check(topic: topic, operation: operation, client: client)
                let agrees =
                    switch got {
                    case .notCovered: covering.isEmpty
                    case .allowed(let rule): admitting.contains(rule)
                    case .denied(let rules): !covering.isEmpty && admitting.isEmpty && rules == covering.sorted()
                    }
                guard agrees else {
                    return mismatch(
                        seed, policy, "check topic \(topic) \(operation) from \(client)", expected: "covering \(covering), admitting \(admitting)",
                        got: got)
                }
            }
        }
    }
}
