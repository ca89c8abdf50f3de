/// How an ACL's resource name matches, with Kafka's wire codes
/// (`org.apache.kafka.common.resource.PatternType`). A stored ACL is LITERAL
/// (the exact name, or `*` for every resource of its type) or PREFIXED (every
/// name starting with it). ANY (1) and MATCH (2) exist only in filters.
public enum AclPatternType: Int8, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case literal = 3
    case prefixed = 4

    public var description: String {
        switch self {
        case .literal: "LITERAL"
        case .prefixed: "PREFIXED"
        }
    }

    public init?(name: String) {
        switch name.uppercased() {
        case "LITERAL": self = .literal
        case "PREFIXED": self = .prefixed
        default: return nil
        }
    }
}
