import StrictJSON
import XCTest

/// The strict reader itself: what it returns, what it refuses and where, and the canonical writer.
/// The IAM policy document's and the AWS_MSK_IAM payload's own refusals are tested with them.
final class StrictJSONReaderTests: XCTestCase {
    private func parse(_ text: String) throws(StrictJSONError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    private func assertRefused(
        _ bytes: [UInt8], _ kind: StrictJSONError.Kind, at offset: Int, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let value = try JSONValue.parse(bytes)
            XCTFail("accepted as \(value)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.kind, kind, file: file, line: line)
            XCTAssertEqual(error.offset, offset, "\(error)", file: file, line: line)
        }
    }

    private func assertRefused(_ text: String, _ kind: StrictJSONError.Kind, at offset: Int, file: StaticString = #filePath, line: UInt = #line) {
        assertRefused(Array(text.utf8), kind, at: offset, file: file, line: line)
    }

    func testValuesKeepMemberOrderNumberTextAndDecodedEscapes() throws {
        let value = try parse(#" {"b": -1.5e3, "a": [true, false, null, 0], "c": "x\u00e9\ud83d\ude00\n\"\/", "d": {}, "e": "plain"} "#)
        XCTAssertEqual(
            value,
            .object([
                (key: "b", value: .number("-1.5e3")),
                (key: "a", value: .array([.bool(true), .bool(false), .null, .number("0")])),
                (key: "c", value: .string("x\u{E9}\u{1F600}\n\"/")),
                (key: "d", value: .object([])),
                (key: "e", value: .string("plain")),
            ]))
        XCTAssertNotEqual(value, try parse(#"{"a": [true, false, null, 0], "b": -1.5e3, "c": "x\u00e9\ud83d\ude00\n\"\/", "d": {}, "e": "plain"}"#))
        // The ASCII fast path and the escaped slow path read the same text; raw UTF-8 is kept as is.
        XCTAssertEqual(try parse(#""abc""#), try parse(#""a\u0062c""#))
        XCTAssertEqual(try parse("\"caf\u{E9} \u{1F600}\""), .string("caf\u{E9} \u{1F600}"))
        XCTAssertEqual(try parse("[]"), .array([]))
        XCTAssertEqual(JSONValue.string("x").kind, "a string")
        XCTAssertEqual(JSONValue.object([]).kind, "an object")
    }

    func testRefusalsNameTheProblemAndTheByte() {
        assertRefused("", .unexpectedEnd, at: 0)
        assertRefused("[1,", .unexpectedEnd, at: 3)
        assertRefused("tru", .unexpectedCharacter, at: 0)
        assertRefused("// comment\n{}", .unexpectedCharacter, at: 0)
        assertRefused("[1,]", .unexpectedCharacter, at: 3)
        assertRefused(#"{"a":1,}"#, .expectedMemberName, at: 7)
        assertRefused(#"{a:1}"#, .expectedMemberName, at: 1)
        assertRefused(#"{"a" 1}"#, .expectedColon, at: 5)
        assertRefused(#"{"a":1 2}"#, .expectedCommaOrBrace, at: 7)
        assertRefused("[1 2]", .expectedCommaOrBracket, at: 3)
        assertRefused("{} x", .trailingText, at: 3)
        assertRefused("01", .leadingZero, at: 2)
        assertRefused("1.", .malformedNumber, at: 2)
        assertRefused("-", .malformedNumber, at: 1)
        assertRefused("1e+", .malformedNumber, at: 3)
        assertRefused(#""abc"#, .unterminatedString, at: 4)
        assertRefused(#""a\"#, .unterminatedString, at: 3)
        assertRefused("\"a\u{01}\"", .controlCharacter, at: 2)
        assertRefused(#""a\qb""#, .invalidEscape, at: 3)
        assertRefused(#""\u12""#, .invalidUnicodeEscape, at: 3)
        assertRefused(#""\u12g4""#, .invalidUnicodeEscape, at: 5)
        assertRefused(#""\ud800""#, .loneSurrogate, at: 7)
        assertRefused(#""\ud800\u0041""#, .loneSurrogate, at: 13)
        assertRefused(#""\udc00""#, .loneSurrogate, at: 7)
        assertRefused([0x22, 0xFF, 0x22], .invalidUTF8, at: 1)
        assertRefused([0x22, 0xC0, 0x80, 0x22], .invalidUTF8, at: 1)          // overlong
        assertRefused([0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, at: 1)    // an encoded surrogate
        assertRefused([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, at: 1)  // past U+10FFFF
        assertRefused([0x22, 0x61, 0xE2, 0x82], .invalidUTF8, at: 2)          // cut short
    }

    func testDuplicateMembersAreRefusedAtEveryLevelWhereTheSecondStarts() {
        assertRefused(#"{"Effect":"Deny","Effect":"Allow"}"#, .duplicateMember("Effect"), at: 17)
        assertRefused(#"{"x":[{"k":1,"k":1}]}"#, .duplicateMember("k"), at: 13)
        // The same name once written plainly and once escaped is the same name.
        assertRefused(#"{"ab":1,"a\u0062":2}"#, .duplicateMember("ab"), at: 8)
        XCTAssertNoThrow(try parse(#"[{"k":1},{"k":1}]"#))
        do {
            _ = try parse(#"{"Effect":"Deny","Effect":"Allow"}"#)
        } catch {
            XCTAssertEqual(error.description, #"duplicate member "Effect" at byte 17"#)
            XCTAssertEqual(error.kind.description, #"duplicate member "Effect""#)
        }
    }

    func testNestingIsBounded() {
        let limit = 32
        XCTAssertNoThrow(try parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit)))
        assertRefused(String(repeating: "[", count: limit + 1), .tooDeep(limit: limit), at: limit)
        assertRefused(String(repeating: #"{"a":"#, count: 10_000), .tooDeep(limit: limit), at: 5 * limit)
    }

    func testQuotingEscapesWhatRFC8259RequiresAndNothingElse() throws {
        let text = "a\"b\\c\n\r\t\u{01}\u{1F}/\u{E9}\u{1F600}"
        XCTAssertEqual(JSONValue.quoted(text), #""a\"b\\c\n\r\t\u0001\u001f/é😀""#)
        XCTAssertEqual(try parse(JSONValue.quoted(text)), .string(text))
        XCTAssertEqual(JSONValue.quoted(""), #""""#)
    }

    func testCanonicalTextIsIndentedInMemberOrderAndReadsBack() throws {
        let value = JSONValue.object([
            (key: "Version", value: .string("2012-10-17")),
            (key: "One", value: .array([.string("x")])),
            (key: "Many", value: .array([.string("x"), .number("1"), .bool(false), .null, .object([]), .array([])])),
            (key: "Nested", value: .object([(key: "k\"", value: .string("v"))])),
        ])
        let expected = """
            {
              "Version": "2012-10-17",
              "One": ["x"],
              "Many": [
                "x",
                1,
                false,
                null,
                {},
                []
              ],
              "Nested": {
                "k\\"": "v"
              }
            }
            """
        XCTAssertEqual(value.canonicalText(), expected)
        XCTAssertEqual(try parse(value.canonicalText()), value)
    }
}
