/// What a principal does to a resource, with Kafka's wire codes
/// (`org.apache.kafka.common.acl.AclOperation`). UNKNOWN (0) and ANY (1)
/// appear only in filters; CREATE_TOKENS and DESCRIBE_TOKENS (13, 14) concern
/// delegation tokens, which the gateway does not serve.
public enum AclOperation: Int8, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case all = 2
    case read = 3
    case write = 4
    case create = 5
    case delete = 6
    case alter = 7
    case describe = 8
    case clusterAction = 9
    case describeConfigs = 10
    case alterConfigs = 11
    case idempotentWrite = 12

    /// Kafka's spelling in `kafka-acls.sh` output: `Read`, `DescribeConfigs`, …
    public var description: String {
        switch self {
        case .all: "All"
        case .read: "Read"
        case .write: "Write"
        case .create: "Create"
        case .delete: "Delete"
        case .alter: "Alter"
        case .describe: "Describe"
        case .clusterAction: "ClusterAction"
        case .describeConfigs: "DescribeConfigs"
        case .alterConfigs: "AlterConfigs"
        case .idempotentWrite: "IdempotentWrite"
        }
    }

    /// Parses `Read`, `READ`, `read`, `DESCRIBE_CONFIGS`, `describe-configs`.
    public init?(name: String) {
        let folded = String(name.lowercased().filter { $0 != "_" && $0 != "-" })
        guard let match = Self.allCases.first(where: { $0.description.lowercased() == folded }) else { return nil }
        self = match
    }

    /// The operations an ALLOW for this one also allows, besides itself
    /// (Kafka's implied operations): Describe by Read, Write, Delete or
    /// Alter; DescribeConfigs by AlterConfigs; everything by All. A DENY
    /// implies nothing but itself, except that a DENY of All denies everything.
    public var impliedByAllowing: Set<AclOperation> {
        switch self {
        case .all: Set(Self.allCases)
        case .read, .write, .delete, .alter: [self, .describe]
        case .alterConfigs: [self, .describeConfigs]
        default: [self]
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
