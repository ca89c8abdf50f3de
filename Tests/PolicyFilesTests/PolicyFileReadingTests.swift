import PolicyFiles
import PolicyStore
import XCTest

/// One file's text read as `authctl apply` reads it: what it declares, or each problem at its place.
final class PolicyFileReadingTests: XCTestCase {
    func testAFileWithoutMistakesDeclaresWhatItSays() throws {
        let (declared, problems) = PolicyFileSet.declaredPolicy(yaml: """
            users:
              - {name: alice}
            quotas:
              - {user: alice, producer_byte_rate: 1048576}
            """, file: "p.yaml")
        XCTAssertEqual(problems.map(\.description), [])
        XCTAssertEqual(declared.users?.users.keys.sorted(), ["alice"])
        XCTAssertEqual(declared.quotas?.map(\.value), [1_048_576])
        XCTAssertNil(declared.acls)
        XCTAssertNoThrow(try declared.validate())
    }

    func testEachMistakeIsPlacedAtItsLineAndColumn() {
        let (_, problems) = PolicyFileSet.declaredPolicy(yaml: """
            users:
              - name: alice
                superuser: true
            quotas:
              - {user: bob, producer_byte_rate: 0x10}
            """, file: "p.yaml")
        XCTAssertEqual(problems.map { "\($0.location)" }, ["p.yaml:3:5", "p.yaml:5:37"])
        XCTAssertTrue(problems[0].message.contains("superUser"), problems[0].message)
        XCTAssertTrue(problems[1].message.contains("'0x10' is not a number"), problems[1].message)
    }

    func testTextThatIsNotYAMLIsOneProblemWhereTheParserStopped() {
        let (declared, problems) = PolicyFileSet.declaredPolicy(yaml: "acls:\n  - principal: \"User:a\n    topic: [\n", file: "p.yaml")
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.location.line, 4)
        XCTAssertTrue(problems.first?.message.hasPrefix("not valid YAML") ?? false)
        XCTAssertEqual(declared, DeclaredPolicy())
    }

    /// libyaml places an error at the end of the stream on a line of its own; a file without a
    /// final line break has no such line, so the problem points just after its last character.
    func testAnErrorAtTheEndOfAFileWithoutAFinalLineBreakIsPlacedOnItsLastLine() {
        let (_, problems) = PolicyFileSet.declaredPolicy(yaml: "users: []\nacls: [", file: "p.yaml")
        XCTAssertEqual(problems.map { "\($0.location)" }, ["p.yaml:2:8"])
        let (_, ended) = PolicyFileSet.declaredPolicy(yaml: "users: []\nacls: [\n", file: "p.yaml")
        XCTAssertEqual(ended.map { "\($0.location)" }, ["p.yaml:3:1"], "after a final line break, the empty last line")
    }

    /// The same for a node: an empty document's (null) root is placed at the stream's end.
    func testAnEmptyDocumentWithoutAFinalLineBreakIsPlacedOnItsLastLine() {
        let (_, problems) = PolicyFileSet.declaredPolicy(yaml: "---", file: "p.yaml")
        XCTAssertEqual(problems.map { "\($0.location)" }, ["p.yaml:1:4"])
    }
}
