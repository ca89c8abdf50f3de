extension AclResourceType {
    /// The operations that mean something for this kind of resource: what
    /// Kafka reports in authorized-operations fields (`AclEntry.supportedOperations`).
    public var supportedOperations: Set<AclOperation> {
        switch self {
        case .topic: [.read, .write, .create, .describe, .delete, .alter, .describeConfigs, .alterConfigs]
        case .group: [.read, .describe, .delete, .describeConfigs, .alterConfigs]
        case .cluster: [.create, .clusterAction, .describeConfigs, .alterConfigs, .idempotentWrite, .alter, .describe]
        case .transactionalId: [.describe, .write]
        }
    }
}
