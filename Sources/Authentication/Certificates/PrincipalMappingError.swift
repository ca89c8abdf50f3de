/// Why principal mapping rules could not be parsed, or gave no principal for a certificate subject.
/// Rules and distinguished names are configuration and certificate content, not secrets.
public enum PrincipalMappingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A rule is not `DEFAULT` nor `RULE:pattern/replacement/[LU]`.
    case invalidRule(String)
    /// A rule's pattern is not a regular expression Swift's Regex accepts.
    case invalidPattern(rule: String, reason: String)
    /// A rule's replacement breaks Java's replacement syntax (a dangling `\` or `$`, a bad `${name}`).
    case invalidReplacement(rule: String, reason: String)
    /// A matching rule's replacement names a group its pattern does not have, which Kafka fails on too.
    case missingGroup(rule: String, group: String)
    /// No rule matched the distinguished name and there is no `DEFAULT`.
    case noMatchingRule(distinguishedName: String, rules: String)

    public var description: String {
        switch self {
        case .invalidRule(let rule):
            "Invalid principal mapping rule: `\(rule)`"
        case .invalidPattern(let rule, let reason):
            "Invalid principal mapping rule: `\(rule)`: bad pattern: \(reason)"
        case .invalidReplacement(let rule, let reason):
            "Invalid principal mapping rule: `\(rule)`: bad replacement: \(reason)"
        case .missingGroup(let rule, let group):
            "Principal mapping rule `\(rule)` refers to group \(group), which its pattern does not have"
        case .noMatchingRule(let distinguishedName, let rules):
            "No rules apply to \(distinguishedName), rules \(rules)"
        }
    }
}
