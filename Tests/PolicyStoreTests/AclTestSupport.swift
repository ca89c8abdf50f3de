import Authorization
import PolicyStore

/// An ACL for tests: by default User:alice may Read the topic `orders` from any host.
func acl(
    _ resourceType: AclResourceType = .topic, _ name: String = "orders", _ patternType: AclPatternType = .literal,
    principal: AclPrincipal = .user("alice"), host: AclHost = .any, operation: AclOperation = .read,
    permission: AclPermission = .allow
) -> AclBinding {
    AclBinding(
        pattern: ResourcePattern(resourceType, name, patternType),
        entry: AccessControlEntry(principal: principal, host: host, operation: operation, permission: permission)
    )
}

/// A network rule for tests: `orders` from 10.0.0.0/8 for every operation by default.
func networkRule(
    _ topic: String = "orders", _ patternType: AclPatternType = .literal, cidr: String = "10.0.0.0/8",
    operations: Set<AclOperation>? = nil
) throws -> NetworkRule {
    NetworkRule(topicName: topic, patternType: patternType, block: try CIDRBlock(cidr), operations: operations)
}
