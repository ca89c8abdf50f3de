import StrictJSON

/// An AWS identity-based policy document for MSK's Kafka APIs, parsed
/// strictly: what IAM would refuse, and what the gateway could not honour
/// (other services' actions, policy variables, keys it never supplies), is
/// refused with the statement and the problem named, rather than accepted
/// and silently never matching.
public struct IamPolicyDocument: Sendable, Hashable {
    public enum Version: String, Sendable, Hashable {
        case v2012_10_17 = "2012-10-17"
        case v2008_10_17 = "2008-10-17"
    }

    /// nil when the document has no Version (IAM then reads it as 2008-10-17).
    public let version: Version?
    public let id: String?
    public let statements: [IamStatement]
    /// Whether Statement was a single object rather than an array (kept for display).
    let singleStatement: Bool

    /// The document re-serialized from what was parsed (members in AWS's
    /// order, condition operators and keys sorted, two-space indentation):
    /// the same text for documents that differ only in layout. Made on
    /// demand: evaluation never needs it.
    public var canonicalJSON: String {
        Self.canonical(version: version, id: id, statements: statements, single: singleStatement)
    }

    public init(json: [UInt8]) throws(IamPolicyDocumentError) {
        let root: JSONValue
        do {
            root = try JSONValue.parse(json)
        } catch {
            throw IamPolicyDocumentError(statement: nil, problem: .invalidJSON(offset: error.offset, message: error.kind.description))
        }
        guard case .object(let members) = root else { throw IamPolicyDocumentError(statement: nil, problem: .notAnObject) }
        var version: Version?
        var id: String?
        var statementValue: JSONValue?
        for (key, value) in members {
            switch key {
            case "Version":
                guard case .string(let text) = value else {
                    throw IamPolicyDocumentError(statement: nil, problem: .wrongType(element: "Version", expected: "a string", found: value.kind))
                }
                guard let parsed = Version(rawValue: text) else {
                    throw IamPolicyDocumentError(statement: nil, problem: .unsupportedVersion(text))
                }
                version = parsed
            case "Id":
                guard case .string(let text) = value else {
                    throw IamPolicyDocumentError(statement: nil, problem: .wrongType(element: "Id", expected: "a string", found: value.kind))
                }
                id = text
            case "Statement":
                statementValue = value
            default:
                throw IamPolicyDocumentError(statement: nil, problem: .unknownTopLevelElement(key))
            }
        }
        guard let statementValue else { throw IamPolicyDocumentError(statement: nil, problem: .missingElement("Statement")) }
        let statementObjects: [JSONValue]
        switch statementValue {
        case .object: statementObjects = [statementValue]
        case .array(let items):
            guard !items.isEmpty else { throw IamPolicyDocumentError(statement: nil, problem: .emptyArray(element: "Statement")) }
            statementObjects = items
        default:
            throw IamPolicyDocumentError(
                statement: nil, problem: .wrongType(element: "Statement", expected: "an object or an array of objects", found: statementValue.kind))
        }
        var statements: [IamStatement] = []
        var sids: Set<String> = []
        let variablesAreLiteral = version != .v2012_10_17
        for (index, object) in statementObjects.enumerated() {
            let statement = try IamStatementParser.parse(object, index: index, variablesAreLiteral: variablesAreLiteral)
            if let sid = statement.sid, !sids.insert(sid).inserted {
                throw IamPolicyDocumentError(statement: "#\(index)", problem: .duplicateSid(sid))
            }
            statements.append(statement)
        }
        self.version = version
        self.id = id
        self.statements = statements
        if case .object = statementValue { singleStatement = true } else { singleStatement = false }
    }

    /// Parses UTF-8 text.
    public init(text: String) throws(IamPolicyDocumentError) {
        try self.init(json: Array(text.utf8))
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.canonicalJSON == rhs.canonicalJSON }
    public func hash(into hasher: inout Hasher) { hasher.combine(canonicalJSON) }
}
