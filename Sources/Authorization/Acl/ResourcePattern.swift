/// The resources an ACL covers: a type, a name and how the name matches.
/// A LITERAL `*` covers every resource of the type. The Cluster resource is
/// always LITERAL `kafka-cluster`.
public struct ResourcePattern: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let wildcard = "*"

    public let resourceType: AclResourceType
    public let name: String
    public let patternType: AclPatternType

    public init(_ resourceType: AclResourceType, _ name: String, _ patternType: AclPatternType = .literal) {
        self.resourceType = resourceType
        self.name = name
        self.patternType = patternType
    }

    public static let cluster = ResourcePattern(.cluster, AclResourceType.clusterName)

    public var isWildcard: Bool { patternType == .literal && name == Self.wildcard }

    /// Whether the pattern covers the resource `name` of its type, comparing
    /// names byte for byte as Kafka does (see `String.isExactly`).
    public func matches(_ resource: ResourceName) -> Bool {
        guard resource.resourceType == resourceType else { return false }
        return switch patternType {
        case .literal: isWildcard || name.isExactly(resource.name)
        case .prefixed: resource.name.startsExactly(with: name)
        }
    }

    /// `Topic:LITERAL:orders`, as Kafka prints a pattern.
    public var description: String { "\(resourceType):\(patternType):\(name)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.resourceType, lhs.patternType.rawValue, lhs.name) < (rhs.resourceType, rhs.patternType.rawValue, rhs.name)
    }
}

/// One resource a request touches: a type and its exact name.
public struct ResourceName: Sendable, Hashable, CustomStringConvertible {
    public let resourceType: AclResourceType
    public let name: String

    public init(_ resourceType: AclResourceType, _ name: String) {
        self.resourceType = resourceType
        self.name = name
    }

    public static let cluster = ResourceName(.cluster, AclResourceType.clusterName)

    public var description: String { "\(resourceType):\(name)" }
}
