/// One operator–key pair of a statement's Condition block with its values,
/// compiled when the document is parsed (patterns, CIDR blocks, dates).
///
/// Evaluation follows the IAM User Guide ("Condition operators";
/// "Conditions with multiple context keys or values"):
/// - several values for one key are ORed; for a negated operator
///   (`StringNotEquals`, `NotIpAddress`, …) the key must match none of
///   them (NOR);
/// - a key absent from the request makes a positive operator false and a
///   negated one true; with `…IfExists` an absent key makes the condition
///   true whatever the operator;
/// - `Null` with `"true"` holds when the key is absent, with `"false"` when present;
/// - the statement's conditions (operators and keys) are ANDed by the statement.
public struct IamCondition: Sendable, Hashable, CustomStringConvertible {
    public let conditionOperator: IamConditionOperator
    public let key: IamConditionKey
    /// The values as written in the document.
    public let values: [String]
    let operands: Operands

    enum Operands: Sendable, Hashable {
        case strings([String])
        case lowercasedStrings([String])
        case patterns([IamWildcardPattern])
        /// ARN patterns split into their six colon-separated parts, matched part by part.
        case arnPatterns([[IamWildcardPattern]])
        case numbers([Double])
        case dates([IamTimestamp])
        case bools([Bool])
        case blocks([CIDRBlock])
        case null(Bool)
    }

    init(conditionOperator: IamConditionOperator, key: IamConditionKey, values: [String], operands: Operands) {
        self.conditionOperator = conditionOperator
        self.key = key
        self.values = values
        self.operands = operands
    }

    public var description: String { "\(conditionOperator) \(key) \(values)" }

    func holds(in context: IamRequestContext) -> Bool {
        let value = key.value(in: context)
        if case .null(let mustBeAbsent) = operands {
            return (value == nil) == mustBeAbsent
        }
        guard let value else {
            return conditionOperator.ifExists || conditionOperator.base.isNegated
        }
        let anyMatches = matchesAny(value)
        return conditionOperator.base.isNegated ? !anyMatches : anyMatches
    }

    /// Whether the key's value satisfies the positive form of the operator
    /// for at least one of the values.
    private func matchesAny(_ value: IamConditionValue) -> Bool {
        switch (operands, value) {
        case (.strings(let expected), .string(let text)):
            return expected.contains { $0.isExactly(text) }
        case (.lowercasedStrings(let expected), .string(let text)):
            let lowered = text.lowercased()
            return expected.contains { $0 == lowered }
        case (.patterns(let patterns), .string(let text)):
            return patterns.contains { $0.matches(text) }
        case (.arnPatterns(let patterns), .string(let text)):
            let parts = Self.arnParts(text)
            return patterns.contains { pattern in
                pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.matches($1) }
            }
        case (.dates(let dates), .date(let now)):
            let second = now.wholeSeconds
            return dates.contains { compare(second, $0) }
        case (.numbers(let numbers), .date(let now)):
            let second = now.wholeSeconds
            return numbers.contains { compare(second, IamTimestamp(secondsSince1970: $0)) }
        case (.bools(let expected), .bool(let actual)):
            return expected.contains(actual)
        case (.blocks(let blocks), .address(let address)):
            return blocks.contains { $0.contains(address) }
        default:
            // Compilation pairs operators with keys of their kind; a mismatch
            // cannot reach here, and matches nothing.
            return false
        }
    }

    /// The positive operator's comparison of the key's time with an operand.
    private func compare(_ now: IamTimestamp, _ operand: IamTimestamp) -> Bool {
        switch conditionOperator.base.positive {
        case .dateEquals, .numericEquals: now == operand
        case .dateLessThan, .numericLessThan: now < operand
        case .dateLessThanEquals, .numericLessThanEquals: now <= operand
        case .dateGreaterThan, .numericGreaterThan: now > operand
        case .dateGreaterThanEquals, .numericGreaterThanEquals: now >= operand
        default: false
        }
    }

    /// An ARN's six colon-separated parts (the last keeps any further colons).
    static func arnParts(_ arn: String) -> [String] {
        arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
    }
}
