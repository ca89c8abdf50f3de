extension JSONValue {
    /// Reads one JSON text (RFC 8259), strictly: see `JSONParser`.
    public static func parse(_ bytes: [UInt8]) throws(StrictJSONError) -> JSONValue {
        try JSONParser.parse(bytes)
    }
}

/// A strict RFC 8259 parser (no Foundation: JSONSerialization would silently
/// keep the last of two duplicate keys, which for a policy's `Effect` turns a
/// Deny into an Allow, and for the AWS_MSK_IAM payload lets a signed and an
/// unsigned value disagree). Refuses duplicate member names, trailing commas,
/// comments, lone surrogates, invalid UTF-8 and anything after the value;
/// nesting is bounded so hostile input cannot exhaust the stack. Kept fast in
/// unoptimized builds too: plain indexing into the byte array, and a string of
/// printable ASCII without escapes is read in one pass (the fast path).
struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    static let maximumDepth = 32

    static func parse(_ bytes: [UInt8]) throws(StrictJSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure(.trailingText) }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func failure(_ kind: StrictJSONError.Kind) -> StrictJSONError { StrictJSONError(offset: position, kind: kind) }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(StrictJSONError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure(.tooDeep(limit: Self.maximumDepth)) }
        guard position < bytes.count else { throw failure(.unexpectedEnd) }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure(.unexpectedCharacter)
        }
    }

    private mutating func literal(_ word: String) throws(StrictJSONError) {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, bytes[position..<position + expected.count].elementsEqual(expected) else {
            throw failure(.unexpectedCharacter)
        }
        position += expected.count
    }

    private mutating func object(depth: Int) throws(StrictJSONError) -> JSONValue {
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        var seen: Set<String> = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure(.expectedMemberName) }
            let keyStart = position
            let key = try string()
            guard seen.insert(key).inserted else {
                throw StrictJSONError(offset: keyStart, kind: .duplicateMember(key))
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure(.expectedColon) }
            position += 1
            skipWhitespace()
            members.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.count else { throw failure(.unexpectedEnd) }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw failure(.expectedCommaOrBrace)
        }
    }

    private mutating func array(depth: Int) throws(StrictJSONError) -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw failure(.unexpectedEnd) }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            throw failure(.expectedCommaOrBracket)
        }
    }

    private mutating func number() throws(StrictJSONError) -> String {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let from = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - from
        }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure(.malformedNumber) }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw failure(.leadingZero) }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure(.malformedNumber) }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure(.malformedNumber) }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func string() throws(StrictJSONError) -> String {
        position += 1
        // Fast path: printable ASCII up to the closing quote, no escapes.
        var end = position
        while end < bytes.count, bytes[end] >= 0x20, bytes[end] < 0x80, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let text = String(decoding: bytes[position..<end], as: UTF8.self)
            position = end + 1
            return text
        }
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun() {
            scalars.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard position < bytes.count else { throw failure(.unterminatedString) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                flushRun()
                position += 1
                break
            }
            if byte < 0x20 { throw failure(.controlCharacter) }
            if byte == UInt8(ascii: "\\") {
                flushRun()
                try escape(into: &scalars)
                runStart = position
                continue
            }
            if byte >= 0x80 {
                try validateUTF8Sequence()
                continue
            }
            position += 1
        }
        return String(scalars)
    }

    private mutating func escape(into scalars: inout String.UnicodeScalarView) throws(StrictJSONError) {
        position += 1
        guard position < bytes.count else { throw failure(.unterminatedString) }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
            let first = try hex4()
            var value = UInt32(first)
            if (0xD800...0xDBFF).contains(first) {
                guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw failure(.loneSurrogate)
                }
                position += 2
                let second = try hex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw failure(.loneSurrogate) }
                value = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(first) {
                throw failure(.loneSurrogate)
            }
            guard let scalar = Unicode.Scalar(value) else { throw failure(.invalidUnicodeEscape) }
            scalars.append(scalar)
        default:
            position -= 1
            throw failure(.invalidEscape)
        }
    }

    private mutating func hex4() throws(StrictJSONError) -> UInt16 {
        guard bytes.count - position >= 4 else { throw failure(.invalidUnicodeEscape) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.invalidUnicodeEscape)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// One multi-byte UTF-8 sequence, checked as the standard defines it
    /// (no overlong forms, no surrogates, nothing past U+10FFFF).
    private mutating func validateUTF8Sequence() throws(StrictJSONError) {
        let lead = bytes[position]
        let length: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; highest = 0x9F
        case 0xF0: length = 4; lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; highest = 0x8F
        default: throw failure(.invalidUTF8)
        }
        guard bytes.count - position >= length else { throw failure(.invalidUTF8) }
        for index in 1..<length {
            let byte = bytes[position + index]
            let range = index == 1 ? lowest...highest : 0x80...0xBF
            guard range.contains(byte) else { throw failure(.invalidUTF8) }
        }
        position += length
    }
}
