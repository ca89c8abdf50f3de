/// Why an ACL or an ACL filter from a CreateAcls, DescribeAcls or DeleteAcls
/// request (or from an admin) is refused; the description says what to change.
public struct AclValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A field carried as a Kafka wire code.
    public enum Field: String, Sendable, Hashable {
        case resourceType = "resource type"
        case patternType = "pattern type"
        case operation = "operation"
        case permission = "permission type"
    }

    public enum Reason: Sendable, Hashable {
        /// UNKNOWN (0), or a code Kafka does not define.
        case unknownCode(Field, Int8)
        /// A code Kafka defines for what the gateway does not serve
        /// (DelegationToken and User resources, CreateTokens and DescribeTokens).
        case unsupportedCode(Field, Int8)
        /// ANY or MATCH, which only a filter may carry, in an ACL.
        case filterOnlyCode(Field, Int8)
        /// Not `User:NAME` or `User:*`.
        case invalidPrincipal(String)
        /// Not an IP address or `*`.
        case invalidHost(String)
        case emptyResourceName
        /// A Cluster ACL names something other than `kafka-cluster`.
        case invalidClusterName(String)
        /// PREFIXED `*`, which Kafka takes literally (names starting with `*`).
        case prefixedWildcard
    }

    public let reason: Reason

    public init(_ reason: Reason) {
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .unknownCode(let field, let code):
            "\(field.rawValue) code \(code) is \(code == 0 ? "UNKNOWN" : "not a Kafka \(field.rawValue)")"
        case .unsupportedCode(let field, let code):
            "\(field.rawValue) \(Self.unsupportedName(field, code)) (\(code)) is not supported: the gateway serves no delegation tokens"
        case .filterOnlyCode(let field, let code):
            "\(field.rawValue) \(code == 1 ? "ANY" : "MATCH") (\(code)) is only valid in a filter, not in an ACL"
        case .invalidPrincipal(let text):
            "principal '\(text)' is not User:NAME or User:*"
        case .invalidHost(let text):
            "host '\(text)' is not an IP address or *"
        case .emptyResourceName:
            "the resource name is empty"
        case .invalidClusterName(let name):
            "the only valid name for the Cluster resource is \(AclResourceType.clusterName), not '\(name)'"
        case .prefixedWildcard:
            "PREFIXED '*' covers only names that start with '*'; use LITERAL '*' for every resource of the type"
        }
    }

    private static func unsupportedName(_ field: Field, _ code: Int8) -> String {
        switch (field, code) {
        case (.resourceType, 6): "DELEGATION_TOKEN"
        case (.resourceType, 7): "USER"
        case (.operation, 13): "CREATE_TOKENS"
        case (.operation, 14): "DESCRIBE_TOKENS"
        default: "\(code)"
        }
    }
}
