/// The AWS_MSK_IAM payload's JSON: one flat object whose values are all strings. A parser of exactly
/// that, rather than JSONSerialization, because a repeated key must be refused (it would let a signed
/// and an unsigned value disagree) and Foundation silently keeps one of them.
enum IamJSON {
    enum Failure: Error { case syntax, duplicateKey, notUTF8 }

    static func flatStringObject(_ bytes: [UInt8]) throws(Failure) -> [String: String] {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        try parser.expect(UInt8(ascii: "{"))
        var object: [String: String] = [:]
        parser.skipWhitespace()
        if parser.peek() == UInt8(ascii: "}") {
            parser.index += 1
        } else {
            while true {
                parser.skipWhitespace()
                let key = try parser.string()
                parser.skipWhitespace()
                try parser.expect(UInt8(ascii: ":"))
                parser.skipWhitespace()
                let value = try parser.string()
                guard object.updateValue(value, forKey: key) == nil else { throw .duplicateKey }
                parser.skipWhitespace()
                if parser.peek() == UInt8(ascii: ",") {
                    parser.index += 1
                    continue
                }
                try parser.expect(UInt8(ascii: "}"))
                break
            }
        }
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw .syntax }
        return object
    }

    /// A JSON string literal for `text`, escaping what RFC 8259 requires.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(Failure) {
            guard peek() == byte else { throw .syntax }
            index += 1
        }

        mutating func string() throws(Failure) -> String {
            try expect(UInt8(ascii: "\""))
            var out: [UInt8] = []
            while true {
                guard let byte = peek() else { throw .syntax }
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw .notUTF8 }
                    return text
                case UInt8(ascii: "\\"):
                    guard let escape = peek() else { throw .syntax }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): try unicodeEscape(into: &out)
                    default: throw .syntax
                    }
                case 0x00..<0x20: throw .syntax
                default: out.append(byte)
                }
            }
        }

        /// `\uXXXX`, with a surrogate pair as two escapes; a lone surrogate is refused.
        private mutating func unicodeEscape(into out: inout [UInt8]) throws(Failure) {
            var value = try hex4()
            if (0xD800..<0xDC00).contains(value) {
                guard bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else { throw .notUTF8 }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw .notUTF8 }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(value) {
                throw .notUTF8
            }
            guard let scalar = Unicode.Scalar(value) else { throw .notUTF8 }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }

        private mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count else { throw .syntax }
            var value: UInt32 = 0
            for byte in bytes[index..<(index + 4)] {
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw .syntax
                }
                value = value << 4 | digit
            }
            index += 4
            return value
        }
    }
}
