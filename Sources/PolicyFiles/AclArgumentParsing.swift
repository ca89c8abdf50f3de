import Authorization

/// Parses ACL values as kafka-acls.sh's options and policy files give them, explaining a value
/// that is not one.
public enum AclArgumentParsing {
    public static func principal(_ text: String) throws -> AclPrincipal {
        guard let principal = AclPrincipal(parsing: text) else {
            throw PolicyFileFailure("give User:NAME, or User:* for every user")
        }
        return principal
    }

    public static func host(_ text: String) throws -> AclHost {
        guard let host = AclHost(parsing: text) else {
            throw PolicyFileFailure("give an IP address (ACLs match the client's address, not its name), or * for every host")
        }
        return host
    }

    public static func operation(_ text: String) throws -> AclOperation {
        guard let operation = AclOperation(name: text) else {
            throw PolicyFileFailure("not an operation; give one of \(AclOperation.allCases.map(\.description).joined(separator: ", ")) (any case)")
        }
        return operation
    }
}
