/// A JSON value as the strict reader returns it (IAM policy documents, the AWS_MSK_IAM payload).
/// Objects keep their members in document order (duplicates are refused while parsing, so order is
/// only for display). Numbers keep their text: no reader here has a use for them beyond saying where
/// one was found where a string belongs.
public enum JSONValue: Sendable, Hashable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.elementsEqual(b) { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let text): hasher.combine(0); hasher.combine(text)
        case .number(let text): hasher.combine(1); hasher.combine(text)
        case .bool(let value): hasher.combine(value)
        case .null: hasher.combine(3)
        case .array(let items): hasher.combine(items)
        case .object(let members):
            for member in members { hasher.combine(member.key); hasher.combine(member.value) }
        }
    }

    /// What the value is, for error messages: "a string", "an array", …
    public var kind: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
