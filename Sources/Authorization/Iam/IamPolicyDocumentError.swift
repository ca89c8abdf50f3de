/// Why a policy document was refused, naming the statement (its Sid, or
/// `#index` from 0) when the problem is inside one.
public struct IamPolicyDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        case invalidJSON(offset: Int, message: String)
        case notAnObject
        case unknownTopLevelElement(String)
        case unsupportedVersion(String)
        case missingElement(String)
        case wrongType(element: String, expected: String, found: String)
        case emptyArray(element: String)
        case emptyValue(element: String)
        /// Principal and NotPrincipal belong in resource-based policies.
        case principalInIdentityPolicy(String)
        case unknownStatementElement(String)
        case conflictingElements(String, String)
        case invalidEffect(String)
        case invalidSid(String)
        case duplicateSid(String)
        /// An action of another service; `hint` says what was probably meant.
        case foreignAction(String, hint: String)
        case unknownAction(String)
        case invalidResource(String)
        case policyVariable(element: String, value: String)
        case unknownConditionOperator(String)
        case unsupportedSetOperator(String)
        case unknownConditionKey(String)
        case operatorNotForKey(operator: String, key: String)
        case invalidConditionValue(operator: String, key: String, value: String, expected: String)

        public var description: String {
            switch self {
            case .invalidJSON(let offset, let message): "not valid JSON at byte \(offset): \(message)"
            case .notAnObject: "a policy document is a JSON object"
            case .unknownTopLevelElement(let name): "unknown top-level element \"\(name)\" (allowed: Version, Id, Statement)"
            case .unsupportedVersion(let version): "unsupported Version \"\(version)\" (use \"2012-10-17\" or \"2008-10-17\")"
            case .missingElement(let name): "missing \(name)"
            case .wrongType(let element, let expected, let found): "\(element) must be \(expected), not \(found)"
            case .emptyArray(let element): "\(element) is an empty array"
            case .emptyValue(let element): "\(element) has an empty value"
            case .principalInIdentityPolicy(let name):
                "\(name) is not allowed in an identity-based policy (the policy applies to the principal it is attached to)"
            case .unknownStatementElement(let name):
                "unknown element \"\(name)\" (allowed: Sid, Effect, Action, NotAction, Resource, NotResource, Condition)"
            case .conflictingElements(let first, let second): "has both \(first) and \(second); use exactly one"
            case .invalidEffect(let effect): "Effect must be \"Allow\" or \"Deny\", not \"\(effect)\""
            case .invalidSid(let sid): "Sid \"\(sid)\" must be letters and digits only"
            case .duplicateSid(let sid): "Sid \"\(sid)\" is used by an earlier statement"
            case .foreignAction(let action, let hint): "action \"\(action)\" is not a kafka-cluster action: \(hint)"
            case .unknownAction(let action):
                "action \"\(action)\" matches no kafka-cluster action (they are: \(IamAction.allCases.map(\.rawValue).joined(separator: ", ")))"
            case .invalidResource(let resource): "resource \"\(resource)\" is neither \"*\" nor an ARN (arn:aws:kafka:…)"
            case .policyVariable(let element, let value):
                "\(element) \"\(value)\" uses a policy variable (${…}), which the gateway does not support"
            case .unknownConditionOperator(let name): "unknown condition operator \"\(name)\""
            case .unsupportedSetOperator(let name):
                "condition operator \"\(name)\": ForAllValues/ForAnyValue apply to multi-valued keys, and the gateway supplies none"
            case .unknownConditionKey(let key):
                "unknown condition key \"\(key)\" (supported: \(IamConditionKey.supportedNames.joined(separator: ", ")))"
            case .operatorNotForKey(let op, let key): "condition operator \(op) cannot test \(key)"
            case .invalidConditionValue(let op, let key, let value, let expected):
                "\(op) on \(key): \"\(value)\" is not \(expected)"
            }
        }
    }

    /// The statement's Sid or `#index`; nil for a document-level problem.
    public let statement: String?
    public let problem: Problem

    public init(statement: String?, problem: Problem) {
        self.statement = statement
        self.problem = problem
    }

    public var description: String {
        statement.map { "statement \($0): \(problem)" } ?? problem.description
    }
}
