/// Which ACLs a DescribeAcls or DeleteAcls request (or `authctl acl list`)
/// means, with Kafka's semantics (`AclBindingFilter`, `ResourcePatternFilter`,
/// `AccessControlEntryFilter`): each nil field matches anything; principal
/// and host match exactly (a `User:*` filter finds only `User:*` ACLs).
public struct AclBindingFilter: Sendable, Hashable, CustomStringConvertible {
    /// How the filter's name meets an ACL's resource pattern.
    public enum PatternTypeFilter: Sendable, Hashable, CustomStringConvertible {
        /// Any pattern type; the name, if given, must equal the ACL's.
        case any
        /// Every ACL that applies to a resource of that name: LITERAL with the
        /// name, LITERAL `*`, and PREFIXED with a prefix of the name.
        case match
        /// Only ACLs of this pattern type; the name, if given, must equal the ACL's.
        case exactly(AclPatternType)

        public var description: String {
            switch self {
            case .any: "ANY"
            case .match: "MATCH"
            case .exactly(let patternType): patternType.description
            }
        }
    }

    public let resourceType: AclResourceType?
    public let name: String?
    public let patternType: PatternTypeFilter
    public let principal: AclPrincipal?
    public let host: AclHost?
    public let operation: AclOperation?
    public let permission: AclPermission?

    public init(
        resourceType: AclResourceType? = nil, name: String? = nil, patternType: PatternTypeFilter = .any,
        principal: AclPrincipal? = nil, host: AclHost? = nil, operation: AclOperation? = nil, permission: AclPermission? = nil
    ) {
        self.resourceType = resourceType
        self.name = name
        self.patternType = patternType
        self.principal = principal
        self.host = host
        self.operation = operation
        self.permission = permission
    }

    /// Every ACL.
    public static let any = AclBindingFilter()

    public func matches(_ binding: AclBinding) -> Bool {
        matches(binding.pattern) && matches(binding.entry)
    }

    /// Whether the resource half of the filter selects `pattern`.
    public func matches(_ pattern: ResourcePattern) -> Bool {
        if let resourceType, resourceType != pattern.resourceType { return false }
        if case .exactly(let patternType) = patternType, patternType != pattern.patternType { return false }
        guard let name else { return true }
        guard case .match = patternType else { return name.isExactly(pattern.name) }
        return switch pattern.patternType {
        case .literal: pattern.isWildcard || name.isExactly(pattern.name)
        case .prefixed: name.startsExactly(with: pattern.name)
        }
    }

    private func matches(_ entry: AccessControlEntry) -> Bool {
        if let principal {
            switch (principal.userName, entry.principal.userName) {
            case (nil, nil): break
            case (let wanted?, let actual?) where wanted.isExactly(actual): break
            default: return false
            }
        }
        if let host, host != entry.host { return false }
        if let operation, operation != entry.operation { return false }
        if let permission, permission != entry.permission { return false }
        return true
    }

    /// `(resourceType=Topic, name=orders, patternType=MATCH, principal=<any>, host=<any>, …)`,
    /// as Kafka prints a filter.
    public var description: String {
        func text(_ value: (some CustomStringConvertible)?) -> String { value.map(\.description) ?? "<any>" }
        return "(resourceType=\(text(resourceType)), name=\(text(name)), patternType=\(patternType), "
            + "principal=\(text(principal)), host=\(text(host)), operation=\(text(operation)), permission=\(text(permission)))"
    }
}
