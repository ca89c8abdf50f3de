import StrictJSON

/// Reads one statement object of a policy document (see `IamPolicyDocument`).
enum IamStatementParser {
    static func parse(_ value: JSONValue, index: Int, variablesAreLiteral: Bool) throws(IamPolicyDocumentError) -> IamStatement {
        var label = "#\(index)"
        func fail(_ problem: IamPolicyDocumentError.Problem) -> IamPolicyDocumentError {
            IamPolicyDocumentError(statement: label, problem: problem)
        }
        guard case .object(let members) = value else {
            throw fail(.wrongType(element: "Statement", expected: "an object or an array of objects", found: value.kind))
        }
        // The Sid first, so every later error names the statement by it.
        if let sidValue = members.first(where: { $0.key == "Sid" })?.value {
            guard case .string(let sid) = sidValue else { throw fail(.wrongType(element: "Sid", expected: "a string", found: sidValue.kind)) }
            guard sid.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) else {
                throw fail(.invalidSid(sid))
            }
            if !sid.isEmpty { label = sid }
        }
        var sid: String?
        var effect: IamEffect?
        var actionElement: IamStatement.ActionElement?
        var listedActions: UInt32 = 0
        var resourceElement: IamStatement.ResourceElement?
        var conditions: [IamCondition] = []
        for (key, value) in members {
            switch key {
            case "Sid":
                if case .string(let text) = value, !text.isEmpty { sid = text }
            case "Effect":
                guard case .string(let text) = value else { throw fail(.wrongType(element: "Effect", expected: "a string", found: value.kind)) }
                guard let parsed = IamEffect(rawValue: text) else { throw fail(.invalidEffect(text)) }
                effect = parsed
            case "Action", "NotAction":
                guard actionElement == nil else { throw fail(.conflictingElements("Action", "NotAction")) }
                let names = try strings(value, element: key, fail: fail)
                for name in names { listedActions |= try actions(name, fail: fail) }
                actionElement = key == "Action" ? .action(names) : .notAction(names)
            case "Resource", "NotResource":
                guard resourceElement == nil else { throw fail(.conflictingElements("Resource", "NotResource")) }
                let arns = try strings(value, element: key, fail: fail)
                for arn in arns {
                    guard arn == "*" || arn.hasPrefix("arn:") else { throw fail(.invalidResource(arn)) }
                    if !variablesAreLiteral, arn.contains("${") { throw fail(.policyVariable(element: key, value: arn)) }
                }
                resourceElement = key == "Resource" ? .resource(arns) : .notResource(arns)
            case "Condition":
                conditions = try IamConditionParser.parse(value, variablesAreLiteral: variablesAreLiteral, fail: fail)
            case "Principal", "NotPrincipal":
                throw fail(.principalInIdentityPolicy(key))
            default:
                throw fail(.unknownStatementElement(key))
            }
        }
        guard let effect else { throw fail(.missingElement("Effect")) }
        guard let actionElement else { throw fail(.missingElement("Action or NotAction")) }
        guard let resourceElement else { throw fail(.missingElement("Resource or NotResource")) }
        return IamStatement(sid: sid, index: index, effect: effect, actionElement: actionElement, listedActions: listedActions,
            resourceElement: resourceElement, conditions: conditions)
    }

    /// A string or a non-empty array of non-empty strings.
    static func strings(
        _ value: JSONValue, element: String, fail: (IamPolicyDocumentError.Problem) -> IamPolicyDocumentError
    ) throws(IamPolicyDocumentError) -> [String] {
        let items: [JSONValue]
        switch value {
        case .string: items = [value]
        case .array(let array):
            guard !array.isEmpty else { throw fail(.emptyArray(element: element)) }
            items = array
        default: throw fail(.wrongType(element: element, expected: "a string or an array of strings", found: value.kind))
        }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else {
                throw fail(.wrongType(element: element, expected: "a string or an array of strings", found: "an array holding \(item.kind)"))
            }
            guard !text.isEmpty else { throw fail(.emptyValue(element: element)) }
            result.append(text)
        }
        return result
    }

    /// The actions `name` names: `*`, or `kafka-cluster:` (any case)
    /// followed by a pattern that matches at least one MSK action.
    static func actions(_ name: String, fail: (IamPolicyDocumentError.Problem) -> IamPolicyDocumentError) throws(IamPolicyDocumentError) -> UInt32 {
        if name == "*" { return IamAction.allMask }
        guard let colon = name.firstIndex(of: ":") else {
            throw fail(.foreignAction(name, hint: "actions are written service:Action, e.g. kafka-cluster:\(name)"))
        }
        let prefix = name[..<colon].lowercased()
        let rest = String(name[name.index(after: colon)...])
        guard prefix == IamAction.servicePrefix else {
            let hint =
                prefix == "kafka"
                ? "kafka: is Amazon MSK's control-plane API (clusters, configurations); the Kafka APIs the gateway serves are kafka-cluster:\(rest)"
                : "the gateway authorizes only Apache Kafka APIs, prefix kafka-cluster: (e.g. kafka-cluster:\(rest))"
            throw fail(.foreignAction(name, hint: hint))
        }
        let mask = IamAction.mask(matching: IamWildcardPattern(name, caseInsensitive: true))
        guard mask != 0 else { throw fail(.unknownAction(name)) }
        return mask
    }
}
