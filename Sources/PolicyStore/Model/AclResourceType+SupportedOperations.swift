import Authorization

extension AclResourceType {
    /// The operations an ACL on this type of resource can meaningfully name besides All, as in
    /// Kafka's `AclEntry.supportedOperations`: kafka-acls.sh refuses the others, and a network
    /// rule for a topic may only name the topic's.
    public var supportedAclOperations: Set<AclOperation> {
        switch self {
        case .topic: [.read, .write, .create, .describe, .delete, .alter, .describeConfigs, .alterConfigs]
        case .group: [.read, .describe, .delete, .describeConfigs, .alterConfigs]
        case .cluster: [.create, .clusterAction, .describeConfigs, .alterConfigs, .idempotentWrite, .alter, .describe]
        case .transactionalId: [.describe, .write]
        }
    }
}
