import ArgumentParser
import Authorization

/// `--resource-pattern-type`, as kafka-acls.sh takes it: a pattern type, or one of the two
/// filters that only select (for `list` and `remove`).
enum AclPatternTypeFilter: String, ExpressibleByArgument, CaseIterable {
    case literal
    case prefixed
    /// Any pattern type, with exactly the given name.
    case any
    /// Every pattern that covers the named resource: the same literal name, the literal `*`,
    /// and every prefix of the name.
    case match

    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    /// The pattern type ACLs are added with; nil for the filters.
    var patternType: AclPatternType? {
        switch self {
        case .literal: .literal
        case .prefixed: .prefixed
        case .any, .match: nil
        }
    }
}
