/// Whether an ACL allows or denies, with Kafka's wire codes
/// (`org.apache.kafka.common.acl.AclPermissionType`); a DENY wins over any ALLOW.
public enum AclPermission: Int8, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case deny = 2
    case allow = 3

    public var description: String {
        switch self {
        case .deny: "DENY"
        case .allow: "ALLOW"
        }
    }

    public init?(name: String) {
        switch name.uppercased() {
        case "DENY": self = .deny
        case "ALLOW": self = .allow
        default: return nil
        }
    }
}
