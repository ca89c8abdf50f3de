/// The kinds of resource an ACL names, with Kafka's wire codes
/// (`org.apache.kafka.common.resource.ResourceType`). UNKNOWN (0), ANY (1),
/// DELEGATION_TOKEN (6) and USER (7) are not resources the gateway authorizes;
/// ANY appears only in filters (`AclBindingFilter`).
public enum AclResourceType: Int8, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case topic = 2
    case group = 3
    case cluster = 4
    case transactionalId = 5

    /// The name of the one Cluster resource, as Kafka spells it.
    public static let clusterName = "kafka-cluster"

    /// Kafka's spelling: `Topic`, `Group`, `Cluster`, `TransactionalId`.
    public var description: String {
        switch self {
        case .topic: "Topic"
        case .group: "Group"
        case .cluster: "Cluster"
        case .transactionalId: "TransactionalId"
        }
    }

    /// Parses Kafka's spellings, case-insensitively, with or without the
    /// underscore of the Java enum (`TRANSACTIONAL_ID`).
    public init?(name: String) {
        let folded = String(name.lowercased().filter { $0 != "_" && $0 != "-" })
        guard let match = Self.allCases.first(where: { $0.description.lowercased() == folded }) else { return nil }
        self = match
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
