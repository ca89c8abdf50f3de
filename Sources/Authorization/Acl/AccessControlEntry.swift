/// Who may or may not do what from where: the half of an ACL that is not the resource.
public struct AccessControlEntry: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let principal: AclPrincipal
    public let host: AclHost
    public let operation: AclOperation
    public let permission: AclPermission

    public init(principal: AclPrincipal, host: AclHost = .any, operation: AclOperation, permission: AclPermission) {
        self.principal = principal
        self.host = host
        self.operation = operation
        self.permission = permission
    }

    /// `User:alice has ALLOW permission for operations: Read from hosts: *`, as kafka-acls.sh says it.
    public var description: String {
        "\(principal) has \(permission) permission for operations: \(operation) from hosts: \(host)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.principal, lhs.host, lhs.operation, lhs.permission.rawValue) < (rhs.principal, rhs.host, rhs.operation, rhs.permission.rawValue)
    }
}

/// One ACL: a resource pattern and an entry.
public struct AclBinding: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let pattern: ResourcePattern
    public let entry: AccessControlEntry

    public init(pattern: ResourcePattern, entry: AccessControlEntry) {
        self.pattern = pattern
        self.entry = entry
    }

    public var description: String { "(pattern=\(pattern), entry=\(entry))" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.pattern, lhs.entry) < (rhs.pattern, rhs.entry) }
}
