import Synchronization

/// One of Kafka's `ssl.principal.mapping.rules`: `DEFAULT` (the whole distinguished name) or
/// `RULE:pattern/replacement/[L|U]`, which applies when the pattern matches the whole name and gives
/// the name with every match replaced, optionally lower- or upper-cased.
///
/// Patterns are Swift Regex syntax, which agrees with Java's for what mapping rules use (classes,
/// groups, lazy and possessive quantifiers, anchors, `\w`, named groups); it matches by Unicode scalar,
/// as Java does by code point.
struct PrincipalMappingRule: Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case wholeName
        case pattern(LockedRegex, source: String, replacement: PrincipalMappingReplacement,
                     replacementSource: String, caseConversion: CaseConversion?)
    }

    /// Swift's Regex is not Sendable, and compiling one per certificate costs more than the TLS
    /// handshake (about 140 µs), so each rule keeps its compiled pattern behind a lock.
    private final class LockedRegex: Sendable {
        private let regex: Mutex<Regex<AnyRegexOutput>>

        init(_ regex: sending Regex<AnyRegexOutput>) {
            self.regex = Mutex(regex)
        }

        func withLock<Result: Sendable, Failure: Error>(
            _ body: (Regex<AnyRegexOutput>) throws(Failure) -> Result
        ) throws(Failure) -> Result {
            try regex.withLock { regex throws(Failure) in try body(regex) }
        }
    }

    private enum CaseConversion: String {
        case lower = "L"
        case upper = "U"
    }

    private let kind: Kind

    static let wholeName = PrincipalMappingRule(kind: .wholeName)

    private init(kind: Kind) {
        self.kind = kind
    }

    /// A `RULE:` from its parts as Kafka's rule grammar cut them out of `rule`, whose text errors quote.
    init(rule: String, pattern: Substring, replacement: Substring, flag: Substring) throws(PrincipalMappingError) {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(String(pattern)).matchingSemantics(.unicodeScalar)
            // Matching once compiles the pattern now, so that any failure to do so happens at configuration.
            _ = try regex.firstMatch(in: "")
        } catch {
            throw .invalidPattern(rule: rule, reason: String(describing: error))
        }
        let template: PrincipalMappingReplacement
        do {
            template = try PrincipalMappingReplacement(parsing: replacement)
        } catch {
            throw .invalidReplacement(rule: rule, reason: error.reason)
        }
        kind = .pattern(LockedRegex(regex), source: String(pattern), replacement: template, replacementSource: String(replacement),
                        caseConversion: CaseConversion(rawValue: String(flag)))
    }

    /// The principal name this rule gives `distinguishedName`, or nil when the rule does not apply.
    func apply(to distinguishedName: String) throws(PrincipalMappingError) -> String? {
        guard case .pattern(let regex, _, let replacement, _, let caseConversion) = kind else { return distinguishedName }
        let replaced = try regex.withLock { regex throws(PrincipalMappingError) -> String? in
            guard (try? regex.wholeMatch(in: distinguishedName)) != nil else { return nil }
            // Java's replaceAll: every match, found left to right, not only the whole-name one.
            var name = ""
            var copied = distinguishedName.startIndex
            for match in distinguishedName.matches(of: regex) {
                name += distinguishedName[copied..<match.range.lowerBound]
                do throws(PrincipalMappingReplacement.MissingGroup) {
                    name += try replacement.expand(match)
                } catch {
                    throw .missingGroup(rule: description, group: error.reference)
                }
                copied = match.range.upperBound
            }
            return name + distinguishedName[copied...]
        }
        guard let name = replaced else { return nil }
        switch caseConversion {
        case .lower: return name.lowercased()
        case .upper: return name.uppercased()
        case nil: return name
        }
    }

    /// The rule as Kafka prints it (without the closing "/" when there is no flag).
    var description: String {
        switch kind {
        case .wholeName:
            "DEFAULT"
        case .pattern(_, let source, _, let replacementSource, let caseConversion):
            "RULE:\(source)/\(replacementSource)" + (caseConversion.map { "/\($0.rawValue)" } ?? "")
        }
    }
}
