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
        guard candidate.resourceType == resourceType else { return false }
        switch patternTypeFilter {
        case .literal, .prefixed: return candidate.patternType == patternTypeFilter.patternType && candidate.name == name
        case .any: return candidate.name == name
        case .match: return candidate.matches(ResourceName(resourceType, name))
        }
    }

    /// `Topic:LITERAL:orders`, `Topic:MATCH:orders`.
    var description: String { "\(resourceType):\(patternTypeFilter.rawValue.uppercased()):\(name)" }

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.resourceType, lhs.name, lhs.patternTypeFilter.rawValue) < (rhs.resourceType, rhs.name, rhs.patternTypeFilter.rawValue)
    }
}
