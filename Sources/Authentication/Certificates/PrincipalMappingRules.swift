/// Kafka's `ssl.principal.mapping.rules` (KIP-371): how the subject of a verified client certificate
/// becomes a principal name, e.g. `RULE:^CN=([^,]+).*$/$1/L,DEFAULT` maps `CN=Alice,O=Example` to `alice`.
/// Rules are tried in order and the first that applies wins; a name no rule applies to is refused.
/// Parsing follows Kafka's SslPrincipalMapper, so a rules string means here what it means to a broker.
public struct PrincipalMappingRules: Sendable, CustomStringConvertible {
    /// Kafka's default: the whole distinguished name is the principal name.
    public static let `default` = PrincipalMappingRules(rules: [.wholeName])

    private let rules: [PrincipalMappingRule]

    private init(rules: [PrincipalMappingRule]) {
        self.rules = rules
    }

    // Kafka's own grammar, kept verbatim so that rules split and parse exactly as a broker does it:
    // a pattern and a replacement may hold commas and escaped slashes; empty rules are skipped.
    private static var ruleSplitter: Regex<(Substring, Substring, Substring?, Substring?, Substring?, Substring?, Substring?,
                                            Substring?, Substring?, Substring)> {
        #/\s*((DEFAULT)|RULE:((\\.|[^\\/])*)/((\\.|[^\\/])*)/([LU]?).*?|(.*?))\s*(,\s*|$)/#
    }
    private static var ruleParser: Regex<(Substring, Substring?, Substring?, Substring?, Substring?, Substring?, Substring?, Substring?)> {
        #/(DEFAULT)|RULE:((\\.|[^\\/])*)/((\\.|[^\\/])*)/([LU]?).*?|(.*?)/#
    }

    public init(parsing text: String) throws(PrincipalMappingError) {
        let trimmed = text.trimmingWhitespace()
        var rules: [PrincipalMappingRule] = []
        for split in trimmed.matches(of: Self.ruleSplitter) {
            let rule = split.output.1
            guard let parsed = rule.prefixMatch(of: Self.ruleParser), parsed.range.upperBound == rule.endIndex else {
                throw .invalidRule(String(rule))
            }
            if parsed.output.1 != nil {
                rules.append(.wholeName)
            } else if let pattern = parsed.output.2, let replacement = parsed.output.4 {
                rules.append(try PrincipalMappingRule(rule: String(rule), pattern: pattern, replacement: replacement,
                                                      flag: parsed.output.6 ?? ""))
            }
        }
        self.rules = rules
    }

    /// The principal name (without `User:`) for a certificate subject in RFC 2253 form, as
    /// ``DistinguishedNameFormatter`` writes it.
    public func principalName(forDistinguishedName distinguishedName: String) throws(PrincipalMappingError) -> String {
        for rule in rules {
            if let name = try rule.apply(to: distinguishedName) { return name }
        }
        throw .noMatchingRule(distinguishedName: distinguishedName, rules: description)
    }

    /// The parsed rules as Kafka lists them, e.g. `[RULE:^CN=(.*?),.*$/$1/L, DEFAULT]`.
    public var description: String {
        "[" + rules.map(\.description).joined(separator: ", ") + "]"
    }
}

private extension String {
    /// Java's `String.trim()`: strips the control characters and spaces (U+0000...U+0020) at both ends.
    func trimmingWhitespace() -> Substring {
        let isTrimmed = { (scalar: Unicode.Scalar) in scalar.value <= 0x20 }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return self[first...last]
    }
}
