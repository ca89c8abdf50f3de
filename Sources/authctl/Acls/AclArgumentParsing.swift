import Authorization

/// Parses the values of kafka-acls.sh's options, explaining a value that is not one.
enum AclArgumentParsing {
    static func principal(_ text: String) throws -> AclPrincipal {
        guard let principal = AclPrincipal(parsing: text) else {
            throw CommandFailure("give User:NAME, or User:* for every user")
        }
        return principal
    }

    static func host(_ text: String) throws -> AclHost {
        guard let host = AclHost(parsing: text) else {
            throw CommandFailure("give an IP address (ACLs match the client's address, not its name), or * for every host")
        }
        return host
    }

    static func operation(_ text: String) throws -> AclOperation {
        guard let operation = AclOperation(name: text) else {
            throw CommandFailure("not an operation; give one of \(AclOperation.allCases.map(\.description).joined(separator: ", ")) (any case)")
        }
        return operation
    }
}
