import Authorization

/// One resource an `acl` command names, with its --resource-pattern-type: Kafka's
/// `ResourcePatternFilter` as kafka-acls.sh builds it (always with a name).
struct AclResourceFilter: Hashable, Comparable, CustomStringConvertible {
    let resourceType: AclResourceType
    let name: String
    let patternTypeFilter: AclPatternTypeFilter

    /// The pattern ACLs are added with; nil when the pattern type is one of the filters.
    var pattern: ResourcePattern? {
        patternTypeFilter.patternType.map { ResourcePattern(resourceType, name, $0) }
    }

    /// Whether a stored ACL's pattern is selected, as `ResourcePatternFilter.matches` decides.
    func matches(_ candidate: ResourcePattern) -> Bool {
        let patternType: AclBindingFilter.PatternTypeFilter = switch patternTypeFilter {
        case .literal: .exactly(.literal)
        case .prefixed: .exactly(.prefixed)
        case .any: .any
        case .match: .match
        }
        return AclBindingFilter(resourceType: resourceType, name: name, patternType: patternType).matches(candidate)
    }

    /// `Topic:LITERAL:orders`, `Topic:MATCH:orders`.
    var description: String { "\(resourceType):\(patternTypeFilter.rawValue.uppercased()):\(name)" }

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.resourceType, lhs.name, lhs.patternTypeFilter.rawValue) < (rhs.resourceType, rhs.name, rhs.patternTypeFilter.rawValue)
    }
}
