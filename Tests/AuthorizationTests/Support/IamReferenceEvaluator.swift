import Authorization
import Foundation

/// A deliberately plain IAM evaluator written from AWS's documented logic
/// (IAM User Guide: "Policy evaluation logic", "Condition operators",
/// "Conditions with multiple context keys or values"), sharing no matching
/// code with the production evaluator: policies are kept as plain values,
/// wildcards are matched by recursion over Characters, addresses by masking
/// numbers here, times as epoch seconds.
struct IamReferenceEvaluator {
    struct Condition {
        var operatorName: String  // e.g. "StringNotEquals", "IpAddressIfExists"
        var key: String  // lowercased key name
        var values: [String]
    }

    struct Statement {
        var sid: String?
        var deny: Bool
        var notAction: Bool
        var actions: [String]
        var notResource: Bool
        var resources: [String]
        var conditions: [Condition]
    }

    struct Request {
        var action: IamAction
        var resourceArn: String
        var username: String?
        var sourceIp: String?
        var epochSeconds: Int?
        var secureTransport: Bool?
    }

    var policies: [(name: String, statements: [Statement])]

    func evaluate(_ request: Request) -> IamDecision {
        var firstAllow: IamDecision?
        for policy in policies {
            for (index, statement) in policy.statements.enumerated() where applies(statement, request) {
                let label = statement.sid ?? "#\(index)"
                if statement.deny { return .explicitDeny(policy: policy.name, statement: label) }
                if firstAllow == nil { firstAllow = .allow(policy: policy.name, statement: label) }
            }
        }
        return firstAllow ?? .implicitDeny
    }

    private func applies(_ statement: Statement, _ request: Request) -> Bool {
        let actionName = "kafka-cluster:" + request.action.rawValue
        let actionListed = statement.actions.contains { Self.wildcard($0.lowercased(), actionName.lowercased()) }
        guard actionListed != statement.notAction else { return false }
        let resourceListed = statement.resources.contains { Self.wildcard($0, request.resourceArn) }
        guard resourceListed != statement.notResource else { return false }
        return statement.conditions.allSatisfy { holds($0, request) }
    }

    /// `*` any run of characters, `?` exactly one (characters as Unicode scalars).
    static func wildcard(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == "*" { return match(i + 1, j) || (j < t.count && match(i, j + 1)) }
            return j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1)
        }
        return match(0, 0)
    }

    private func holds(_ condition: Condition, _ request: Request) -> Bool {
        var name = condition.operatorName
        let ifExists = name.hasSuffix("IfExists")
        if ifExists { name = String(name.dropLast("IfExists".count)) }
        let negated = name.contains("Not")
        let present: Bool
        switch condition.key {
        case "aws:username": present = request.username != nil
        case "aws:sourceip": present = request.sourceIp != nil
        case "aws:currenttime": present = request.epochSeconds != nil
        case "aws:securetransport": present = request.secureTransport != nil
        default: fatalError("no such key in the vocabulary: \(condition.key)")
        }
        // "If the key … is not present in the request context, the values do
        // not match and the condition is false. If the policy condition
        // requires that the key is not matched … the condition is true."
        guard present else { return ifExists || negated }
        let matchesOne: (String) -> Bool
        switch name {
        case "StringEquals", "StringNotEquals": matchesOne = { $0 == request.username! }
        case "StringLike", "StringNotLike": matchesOne = { Self.wildcard($0, request.username!) }
        case "IpAddress", "NotIpAddress": matchesOne = { Self.contains(block: $0, request.sourceIp!) }
        case "DateLessThan": matchesOne = { request.epochSeconds! < Self.epoch($0) }
        case "DateGreaterThan": matchesOne = { request.epochSeconds! > Self.epoch($0) }
        case "Bool": matchesOne = { ($0 == "true") == request.secureTransport! }
        default: fatalError("no such operator in the vocabulary: \(name)")
        }
        let any = condition.values.contains(where: matchesOne)
        return negated ? !any : any
    }

    /// Foundation's reading of the thresholds the generator writes.
    private static let epochs: [String: Int] = Dictionary(
        uniqueKeysWithValues: RandomIamPolicy.isoTimes.values.map { ($0, Int(ISO8601DateFormatter().date(from: $0)!.timeIntervalSince1970)) })

    private static func epoch(_ iso: String) -> Int { epochs[iso]! }

    /// Whether the address is in the block (a bare address is a /32 or /128).
    static func contains(block: String, _ address: String) -> Bool {
        let parts = block.split(separator: "/")
        guard let network = IPAddress(String(parts[0])), let candidate = IPAddress(address) else { return false }
        switch (network, candidate) {
        case (.v4(let n), .v4(let a)):
            let length = parts.count == 2 ? Int(parts[1])! : 32
            let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << (32 - length)
            return n & mask == a & mask
        case (.v6(let n), .v6(let a)):
            let length = parts.count == 2 ? Int(parts[1])! : 128
            let mask: UInt128 = length == 0 ? 0 : ~UInt128(0) << (128 - length)
            return n & mask == a & mask
        default:
            return false
        }
    }
}
