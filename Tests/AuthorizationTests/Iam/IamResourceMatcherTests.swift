@testable import Authorization
import XCTest

/// The evaluation's compiled resource matcher against the reference's
/// wildcard rules, on random patterns and texts over a small alphabet (so
/// literal heads, tails and middle parts often half-match), multi-byte
/// characters included.
final class IamResourceMatcherTests: XCTestCase {
    func testAgreesWithTheReferenceWildcard() {
        var random = SeededGenerator(seed: 0x5EED_A11C)
        let patternAlphabet: [String] = ["a", "b", "/", "*", "*", "?", "é"]
        let textAlphabet: [String] = ["a", "b", "/", "é"]
        var matched = 0
        for _ in 0..<200_000 {
            let pattern = (0..<Int.random(in: 0...7, using: &random)).map { _ in patternAlphabet.randomElement(using: &random)! }.joined()
            let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in textAlphabet.randomElement(using: &random)! }.joined()
            let expected = IamReferenceEvaluator.wildcard(pattern, text)
            let got = withBytes(of: text) { IamResourceMatcher([pattern]).matchesAny($0) }
            if got != expected { XCTFail("pattern \(pattern) text \(text): expected \(expected)"); return }
            if expected { matched += 1 }
        }
        XCTAssertGreaterThan(matched, 10_000)
    }

    func testSeveralPatternsAndTheCommonShapes() {
        let arn = "arn:aws:kafka:us-east-1:000000000000:topic/portcullis/uuid-1/bench-7"
        func matches(_ patterns: [String]) -> Bool { withBytes(of: arn) { IamResourceMatcher(patterns).matchesAny($0) } }
        XCTAssertTrue(matches(["arn:aws:kafka:us-east-1:000000000000:topic/portcullis/*/bench-*"]))
        XCTAssertTrue(matches(["x", "arn:aws:kafka:us-east-1:000000000000:topic/portcullis/*/bench-?"]))
        XCTAssertFalse(matches(["arn:aws:kafka:us-east-1:000000000000:topic/portcullis/*/svc-1-*", "arn:*:group/*"]))
        XCTAssertTrue(matches([arn]))
        XCTAssertFalse(matches([arn + "x", String(arn.dropLast())]))
        XCTAssertTrue(matches(["arn:aws:kafka:us-east-1:000000000000:topic/*"]))
        XCTAssertTrue(matches(["*"]))
        XCTAssertFalse(matches([]))
        XCTAssertTrue(matches(["*bench-7", "*/*/*-7"]))
        XCTAssertFalse(matches(["*bench-77*"]))
    }

    func testActionPositionsAreAllCasesOrder() {
        for (position, action) in IamAction.allCases.enumerated() {
            XCTAssertEqual(action.position, position)
            XCTAssertEqual(action.sameResourceCompanion, action.sameResourceCompanions.first)
        }
    }
}
