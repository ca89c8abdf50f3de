/// Why a text is not the JSON the strict reader accepts, and where: `offset` is the byte offset into
/// the input. A kind's description names the problem, never input bytes, apart from a duplicate
/// member's name (callers handling secrets map kinds to their own messages).
public struct StrictJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        case unexpectedEnd
        case unexpectedCharacter
        case trailingText
        case tooDeep(limit: Int)
        case expectedMemberName
        case expectedColon
        case expectedCommaOrBrace
        case expectedCommaOrBracket
        case malformedNumber
        case leadingZero
        case unterminatedString
        case controlCharacter
        case invalidEscape
        case invalidUnicodeEscape
        case loneSurrogate
        case invalidUTF8
        case duplicateMember(String)

        public var description: String {
            switch self {
            case .unexpectedEnd: "unexpected end of the document"
            case .unexpectedCharacter: "unexpected character"
            case .trailingText: "unexpected text after the document"
            case .tooDeep(let limit): "nested more than \(limit) levels deep"
            case .expectedMemberName: "expected a member name"
            case .expectedColon: "expected ':'"
            case .expectedCommaOrBrace: "expected ',' or '}'"
            case .expectedCommaOrBracket: "expected ',' or ']'"
            case .malformedNumber: "malformed number"
            case .leadingZero: "number with a leading zero"
            case .unterminatedString: "unterminated string"
            case .controlCharacter: "control character in a string"
            case .invalidEscape: "invalid escape"
            case .invalidUnicodeEscape: "invalid \\u escape"
            case .loneSurrogate: "lone surrogate in \\u escape"
            case .invalidUTF8: "invalid UTF-8"
            case .duplicateMember(let name): "duplicate member \(JSONValue.quoted(name))"
            }
        }
    }

    /// Byte offset into the input where the problem was found.
    public let offset: Int
    public let kind: Kind

    init(offset: Int, kind: Kind) {
        self.offset = offset
        self.kind = kind
    }

    public var description: String { "\(kind) at byte \(offset)" }
}
