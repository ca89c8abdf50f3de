import Authentication
import Foundation
import IamTestTokens
import XCTest

func decodeBase64URL(_ text: String) -> String {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
    return String(decoding: Data(base64Encoded: standard)!, as: UTF8.self)
}

/// `text` with the first hex digit after `marker` changed: one byte of the signature.
func changingSignatureByte(in text: String, after marker: String) -> String {
    let range = text.range(of: marker)!
    let index = range.upperBound
    let replacement: Character = text[index] == "0" ? "1" : "0"
    return text.replacingCharacters(in: index...index, with: String(replacement))
}

func XCTAssertRefused(
    _ expected: IamAuthenticationError,
    _ body: () throws(IamAuthenticationError) -> Void,
    file: StaticString = #filePath,
    line: UInt = #line
) {
    do {
        try body()
        XCTFail("accepted; expected \(expected.reason)", file: file, line: line)
    } catch {
        XCTAssertEqual(error, expected, file: file, line: line)
    }
}

func XCTAssertMalformed(
    _ body: () throws(IamAuthenticationError) -> Void,
    file: StaticString = #filePath,
    line: UInt = #line
) {
    do {
        try body()
        XCTFail("accepted; expected malformed", file: file, line: line)
    } catch {
        XCTAssertEqual(error.reason, "malformed", "\(error)", file: file, line: line)
    }
}
