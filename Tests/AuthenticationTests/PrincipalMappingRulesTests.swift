import Authentication
import XCTest

/// Kafka's SslPrincipalMapperTest cases, and the Java semantics of replacements that Kafka relies on.
final class PrincipalMappingRulesTests: XCTestCase {
    private func assertInvalid(_ rules: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try PrincipalMappingRules(parsing: rules), rules, file: file, line: line) { error in
            guard case .invalidRule = error as? PrincipalMappingError else {
                return XCTFail("\(rules): \(error)", file: file, line: line)
            }
        }
    }

    private func assertSplit(_ rules: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(try PrincipalMappingRules(parsing: rules).description, expected, rules, file: file, line: line)
    }

    func testValidRules() {
        for rules in [
            "DEFAULT",
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/",
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L, DEFAULT",
            "RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/",
            "RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/L",
            "RULE:^cn=(.?),ou=(.?),dc=(.?),dc=(.?)$/$1@$2/U",
            "RULE:^CN=([^,ADEFLTU,]+)(,.*|$)/$1/",
            "RULE:^CN=([^,DEFAULT,]+)(,.*|$)/$1/",
        ] {
            XCTAssertNoThrow(try PrincipalMappingRules(parsing: rules), rules)
        }
    }

    func testInvalidRules() {
        for rules in [
            "default", "DEFAUL", "DEFAULT/L", "DEFAULT/U",
            "RULE:CN=(.*?),OU=ServiceUsers.*/$1",
            "rule:^CN=(.*?),OU=ServiceUsers.*$/$1/",
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L/U",
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/L",
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/U",
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/LU",
        ] {
            assertInvalid(rules)
        }
    }

    func testMapping() throws {
        let mapper = try PrincipalMappingRules(parsing: [
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L",
            "RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L",
            "RULE:^cn=(.*?),ou=(.*?),dc=(.*?),dc=(.*?)$/$1@$2/U",
            "RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/U",
            "DEFAULT",
        ].joined(separator: ", "))
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "CN=Duke,OU=ServiceUsers,O=Org,C=US"), "duke")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "CN=Duke,OU=SME,O=mycp,L=Fulton,ST=MD,C=US"), "duke@sme")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "cn=duke,ou=sme,dc=mycp,dc=com"), "DUKE@SME")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "cN=duke,OU=JavaSoft,O=Sun Microsystems"), "DUKE")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "OU=JavaSoft,O=Sun Microsystems,C=US"), "OU=JavaSoft,O=Sun Microsystems,C=US")
    }

    func testRulesSplitting() {
        assertSplit("", "[]")
        assertSplit("DEFAULT", "[DEFAULT]")
        assertSplit("RULE://", "[RULE:/]")
        assertSplit("RULE:/.*/", "[RULE:/.*]")
        assertSplit("RULE:/.*/L", "[RULE:/.*/L]")
        assertSplit("RULE://,DEFAULT", "[RULE:/, DEFAULT]")
        assertSplit("  RULE:// ,  DEFAULT  ", "[RULE:/, DEFAULT]")
        assertSplit("  RULE:   /     / ,  DEFAULT  ", "[RULE:   /     , DEFAULT]")
        assertSplit("  RULE:  /     /U   ,DEFAULT  ", "[RULE:  /     /U, DEFAULT]")
        assertSplit("  RULE:([A-Z]*)/$1/U   ,RULE:([a-z]+)/$1/,   DEFAULT  ", "[RULE:([A-Z]*)/$1/U, RULE:([a-z]+)/$1, DEFAULT]")

        // Empty rules are skipped.
        assertSplit(",   , , ,      , , ,   ", "[]")
        assertSplit(",,RULE://,,,DEFAULT,,", "[RULE:/, DEFAULT]")
        assertSplit(",  , RULE: /   /    ,,,   DEFAULT, ,   ", "[RULE: /   , DEFAULT]")
        assertSplit("     ,  , RULE:   /  /U    ,,  ,DEFAULT, ,", "[RULE:   /  /U, DEFAULT]")

        // Escape sequences.
        assertSplit(#"RULE:\/\\\(\)\n\t/\/\//"#, #"[RULE:\/\\\(\)\n\t/\/\/]"#)
        assertSplit(#"RULE:\**\/+/*/L,RULE:\/*\**/**/"#, #"[RULE:\**\/+/*/L, RULE:\/*\**/**]"#)

        // Rules that look like rules.
        assertSplit(
            #"RULE:,RULE:,/,RULE:,\//U,RULE:,/RULE:,/,RULE:,RULE:,/L,RULE:,/L,RULE:, DEFAULT, /DEFAULT/,DEFAULT"#,
            #"[RULE:,RULE:,/,RULE:,\//U, RULE:,/RULE:,, RULE:,RULE:,/L,RULE:,/L, RULE:, DEFAULT, /DEFAULT, DEFAULT]"#
        )
    }

    func testCommaWithWhitespace() throws {
        let mapper = try PrincipalMappingRules(parsing: #"RULE:^CN=((\\, *|\w)+)(,.*|$)/$1/,DEFAULT"#)
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: #"CN=Tkac\, Adam,OU=ITZ,DC=geodis,DC=cz"#), #"Tkac\, Adam"#)
    }

    func testTheIssuesExampleGivesTheLowerCasedCommonName() throws {
        let mapper = try PrincipalMappingRules(parsing: "RULE:^CN=([^,]+).*$/$1/L,DEFAULT")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "CN=Alice,OU=eng,O=Example,C=US"), "alice")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "O=Example,C=US"), "O=Example,C=US")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "CN=ÉMILE"), "émile")
    }

    func testFirstApplicableRuleWins() throws {
        let mapper = try PrincipalMappingRules(parsing: "RULE:^CN=([^,]+),OU=admins.*$/admin-$1/,RULE:^CN=([^,]+).*$/$1/")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "CN=bob,OU=admins,O=x"), "admin-bob")
        XCTAssertEqual(try mapper.principalName(forDistinguishedName: "CN=bob,OU=users,O=x"), "bob")
    }

    func testNoApplicableRuleIsAnError() throws {
        let mapper = try PrincipalMappingRules(parsing: "RULE:^CN=([^,]+),O=Example$/$1/")
        XCTAssertThrowsError(try mapper.principalName(forDistinguishedName: "CN=eve,O=Evil")) { error in
            XCTAssertEqual(error as? PrincipalMappingError,
                           .noMatchingRule(distinguishedName: "CN=eve,O=Evil", rules: "[RULE:^CN=([^,]+),O=Example$/$1]"))
            XCTAssertEqual(String(describing: error), "No rules apply to CN=eve,O=Evil, rules [RULE:^CN=([^,]+),O=Example$/$1]")
        }
        XCTAssertThrowsError(try PrincipalMappingRules(parsing: "").principalName(forDistinguishedName: "CN=a"))
        XCTAssertEqual(try PrincipalMappingRules.default.principalName(forDistinguishedName: "CN=a,O=b"), "CN=a,O=b")
    }

    func testPatternThatIsNotARegexIsRefusedAtParsing() {
        XCTAssertThrowsError(try PrincipalMappingRules(parsing: "RULE:^CN=(.*$/$1/,DEFAULT")) { error in
            guard case .invalidPattern(let rule, _) = error as? PrincipalMappingError else { return XCTFail("\(error)") }
            XCTAssertEqual(rule, "RULE:^CN=(.*$/$1/")
        }
    }

    func testBrokenReplacementIsRefusedAtParsing() {
        for rules in ["RULE:^CN=(.*)$/$/", "RULE:^CN=(.*)$/a$b/", "RULE:^CN=(.*)$/${x/", "RULE:^CN=(.*)$/${}/", "RULE:^CN=(.*)$/${1x}/"] {
            XCTAssertThrowsError(try PrincipalMappingRules(parsing: rules), rules) { error in
                guard case .invalidReplacement = error as? PrincipalMappingError else { return XCTFail("\(rules): \(error)") }
            }
        }
    }

    /// Java's replaceAll semantics with Kafka's treatment of references to groups that do not exist.
    func testReplacementFollowsJavaAndKafka() throws {
        func map(_ rules: String, _ name: String) throws -> String {
            try PrincipalMappingRules(parsing: rules).principalName(forDistinguishedName: name)
        }
        XCTAssertEqual(try map("RULE:^CN=([^,]*).*$/$1@$4/", "CN=alice,O=x"), "alice@$4", "missing group stays text")
        XCTAssertEqual(try map("RULE:^CN=([^,]*).*$/$12/", "CN=alice,O=x"), "alice2", "longest group number that exists")
        XCTAssertEqual(try map("RULE:^CN=([^,]*).*$/$0!/", "CN=alice,O=x"), "CN=alice,O=x!", "group 0 is the match")
        XCTAssertEqual(try map(#"RULE:^CN=([^,]*).*$/\$1 \\ $1/"#, "CN=alice,O=x"), #"$1 \ alice"#, "backslash escapes")
        XCTAssertEqual(try map("RULE:^CN=(?<name>[^,]+).*$/${name}/U", "CN=alice,O=x"), "ALICE")
        XCTAssertEqual(try map("RULE:^CN=(a)?([^,]*).*$/[$1]$2/", "CN=bob"), "[]bob", "a group that took no part is empty")
        XCTAssertEqual(try map("RULE:.*/X/", "abc"), "XX", "Java's replaceAll also replaces the empty match at the end")
        XCTAssertEqual(try map("RULE:b/X/", "b"), "X")
    }

    func testReferenceToAGroupOfAPatternWithoutGroupsFailsWhenApplied() throws {
        let mapper = try PrincipalMappingRules(parsing: "RULE:^CN=alice.*$/$1/")
        XCTAssertThrowsError(try mapper.principalName(forDistinguishedName: "CN=alice")) { error in
            XCTAssertEqual(error as? PrincipalMappingError, .missingGroup(rule: "RULE:^CN=alice.*$/$1", group: "$1"))
        }
        let named = try PrincipalMappingRules(parsing: "RULE:^CN=([^,]+)$/${user}/")
        XCTAssertThrowsError(try named.principalName(forDistinguishedName: "CN=alice")) { error in
            XCTAssertEqual(error as? PrincipalMappingError, .missingGroup(rule: "RULE:^CN=([^,]+)$/${user}", group: "${user}"))
        }
    }

    func testRulesCanBeSharedAcrossConcurrentConnections() async throws {
        let mapper = try PrincipalMappingRules(parsing: "RULE:^CN=([^,]+),OU=(.*?),.*$/$1@$2/L,DEFAULT")
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<400 {
                group.addTask { try mapper.principalName(forDistinguishedName: "CN=User\(index),OU=Team\(index % 7),O=x") }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(names.count, 400)
        XCTAssertTrue(names.contains("user399@team0"))
    }
}
