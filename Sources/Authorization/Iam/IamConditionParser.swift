import StrictJSON

/// Reads a statement's Condition block: operator → key → value or values.
enum IamConditionParser {
    static func parse(
        _ value: JSONValue, variablesAreLiteral: Bool, fail: (IamPolicyDocumentError.Problem) -> IamPolicyDocumentError
    ) throws(IamPolicyDocumentError) -> [IamCondition] {
        guard case .object(let operators) = value else {
            throw fail(.wrongType(element: "Condition", expected: "an object", found: value.kind))
        }
        guard !operators.isEmpty else { throw fail(.emptyValue(element: "Condition")) }
        var conditions: [IamCondition] = []
        for (operatorName, block) in operators {
            if operatorName.hasPrefix("ForAllValues:") || operatorName.hasPrefix("ForAnyValue:") {
                throw fail(.unsupportedSetOperator(operatorName))
            }
            guard let conditionOperator = IamConditionOperator(name: operatorName) else { throw fail(.unknownConditionOperator(operatorName)) }
            guard case .object(let keys) = block else {
                throw fail(.wrongType(element: "Condition \(operatorName)", expected: "an object of condition keys", found: block.kind))
            }
            guard !keys.isEmpty else { throw fail(.emptyValue(element: "Condition \(operatorName)")) }
            var seenKeys: Set<IamConditionKey> = []
            for (keyName, rawValues) in keys {
                guard let key = IamConditionKey(name: keyName) else { throw fail(.unknownConditionKey(keyName)) }
                // Key names are case-insensitive: `aws:SourceIp` twice in other cases is a duplicate.
                guard seenKeys.insert(key).inserted || { if case .alwaysAbsent = key { true } else { false } }() else {
                    throw fail(.conflictingElements("\(operatorName) \(keyName)", "the same key in another case"))
                }
                let values = try scalars(rawValues, element: "Condition \(operatorName) \(keyName)", fail: fail)
                if !variablesAreLiteral, let variable = values.first(where: { $0.contains("${") }) {
                    throw fail(.policyVariable(element: "Condition \(operatorName) \(keyName)", value: variable))
                }
                let operands = try compile(conditionOperator, key: key, keyName: keyName, values: values, fail: fail)
                conditions.append(IamCondition(conditionOperator: conditionOperator, key: key, values: values, operands: operands))
            }
        }
        return conditions
    }

    /// A condition's values: a string, number or boolean, or a non-empty
    /// array of them (AWS accepts `"Bool": {"aws:SecureTransport": false}`).
    private static func scalars(
        _ value: JSONValue, element: String, fail: (IamPolicyDocumentError.Problem) -> IamPolicyDocumentError
    ) throws(IamPolicyDocumentError) -> [String] {
        func text(_ item: JSONValue) throws(IamPolicyDocumentError) -> String {
            switch item {
            case .string(let text), .number(let text): return text
            case .bool(let flag): return flag ? "true" : "false"
            default: throw fail(.wrongType(element: element, expected: "a string or an array of strings", found: item.kind))
            }
        }
        if case .array(let items) = value {
            guard !items.isEmpty else { throw fail(.emptyArray(element: element)) }
            var result: [String] = []
            for item in items { result.append(try text(item)) }
            return result
        }
        return [try text(value)]
    }

    private static func compile(
        _ conditionOperator: IamConditionOperator, key: IamConditionKey, keyName: String, values: [String],
        fail: (IamPolicyDocumentError.Problem) -> IamPolicyDocumentError
    ) throws(IamPolicyDocumentError) -> IamCondition.Operands {
        let name = conditionOperator.description
        func invalid(_ value: String, _ expected: String) -> IamPolicyDocumentError {
            fail(.invalidConditionValue(operator: name, key: keyName, value: value, expected: expected))
        }
        let notForKey = fail(.operatorNotForKey(operator: name, key: keyName))
        switch conditionOperator.base.positive {
        case .null:
            guard values.count == 1, let flag = bool(values[0]) else { throw invalid(values.joined(separator: ","), "\"true\" or \"false\"") }
            return .null(flag)
        case .stringEquals, .stringEqualsIgnoreCase, .stringLike:
            guard key.kind == .string else { throw notForKey }
            switch conditionOperator.base.positive {
            case .stringEquals: return .strings(values)
            case .stringEqualsIgnoreCase: return .lowercasedStrings(values.map { $0.lowercased() })
            default: return .patterns(values.map { IamWildcardPattern($0) })
            }
        case .arnEquals, .arnLike:
            guard key == .principalArn else { throw notForKey }
            // ArnEquals and ArnLike behave alike in IAM: each of the ARN's
            // six colon-separated parts is matched on its own, with wildcards.
            var patterns: [[IamWildcardPattern]] = []
            for value in values {
                let parts = IamCondition.arnParts(value)
                guard parts.count == 6, parts[0] == "arn" || parts[0] == "*" else { throw invalid(value, "an ARN") }
                patterns.append(parts.map { IamWildcardPattern($0) })
            }
            return .arnPatterns(patterns)
        case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            guard key == .epochTime else { throw notForKey }
            var numbers: [Double] = []
            for value in values {
                guard let number = IamTimestamp(epochText: value) else { throw invalid(value, "a number") }
                numbers.append(number.secondsSince1970)
            }
            return .numbers(numbers)
        case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard key.kind == .date else { throw notForKey }
            var dates: [IamTimestamp] = []
            for value in values {
                guard let date = IamTimestamp(iso8601: value) ?? IamTimestamp(epochText: value) else {
                    throw invalid(value, "an ISO 8601 date (2026-12-07T15:00:00Z) or epoch seconds")
                }
                dates.append(date)
            }
            return .dates(dates)
        case .bool:
            guard key.kind == .bool else { throw notForKey }
            var flags: [Bool] = []
            for value in values {
                guard let flag = bool(value) else { throw invalid(value, "\"true\" or \"false\"") }
                flags.append(flag)
            }
            return .bools(flags)
        case .ipAddress:
            guard key.kind == .address else { throw notForKey }
            var blocks: [CIDRBlock] = []
            for value in values {
                do {
                    blocks.append(try CIDRBlock(value))
                } catch {
                    throw invalid(value, "an IPv4 or IPv6 address or CIDR block (\(error))")
                }
            }
            return .blocks(blocks)
        default:
            throw fail(.unknownConditionOperator(name))
        }
    }

    private static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
