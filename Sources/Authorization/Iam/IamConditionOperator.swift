/// The condition operators the gateway evaluates, each optionally with
/// `IfExists`. Numeric operators apply to `aws:EpochTime`, the one numeric
/// key; `Binary…` and the `ForAllValues:`/`ForAnyValue:` set operators are
/// refused (no key the gateway supplies is binary or multi-valued).
public struct IamConditionOperator: Sendable, Hashable, CustomStringConvertible {
    public enum Base: String, CaseIterable, Sendable, Hashable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnNotEquals = "ArnNotEquals"
        case arnLike = "ArnLike"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        /// Operators that require the key NOT to match: with several values
        /// they hold when the key matches none (NOR), and with the key absent
        /// they hold (IAM User Guide, "Condition operators": "If the policy
        /// condition requires that the key is not matched, such as
        /// StringNotLike or ArnNotLike, and the right key is not present,
        /// the condition is true").
        var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
                .notIpAddress, .arnNotEquals, .arnNotLike:
                true
            default: false
            }
        }

        /// The positive operator a negated one inverts.
        var positive: Base {
            switch self {
            case .stringNotEquals: .stringEquals
            case .stringNotEqualsIgnoreCase: .stringEqualsIgnoreCase
            case .stringNotLike: .stringLike
            case .numericNotEquals: .numericEquals
            case .dateNotEquals: .dateEquals
            case .notIpAddress: .ipAddress
            case .arnNotEquals: .arnEquals
            case .arnNotLike: .arnLike
            default: self
            }
        }
    }

    public let base: Base
    public let ifExists: Bool

    public init(_ base: Base, ifExists: Bool = false) {
        self.base = base
        self.ifExists = ifExists
    }

    /// Parses an operator name exactly as AWS spells it (operators are
    /// case-sensitive), with an optional `IfExists` suffix (not on `Null`).
    init?(name: String) {
        var name = name
        var ifExists = false
        if name.hasSuffix("IfExists") {
            name.removeLast("IfExists".count)
            ifExists = true
        }
        guard let base = Base(rawValue: name), !(ifExists && base == .null) else { return nil }
        self.init(base, ifExists: ifExists)
    }

    public var description: String { base.rawValue + (ifExists ? "IfExists" : "") }
}
