extension IamAction {
    /// The action MSK checks for a Kafka (operation, resource type) pair,
    /// after AWS's table, where each action is described as "equivalent to
    /// Apache Kafka's <OPERATION> <RESOURCE> ACL". nil where MSK has no
    /// action: ALL (not an operation a request needs), CLUSTER_ACTION (MSK's
    /// IAM access control does not support internal cluster actions), and
    /// Group DESCRIBE_CONFIGS/ALTER_CONFIGS (Kafka lists them for groups;
    /// MSK names no group configuration action). The table is in `docs/iam.md`.
    public init?(operation: AclOperation, resourceType: AclResourceType) {
        switch (resourceType, operation) {
        case (.cluster, .describe): self = .describeCluster
        case (.cluster, .alter): self = .alterCluster
        case (.cluster, .describeConfigs): self = .describeClusterDynamicConfiguration
        case (.cluster, .alterConfigs): self = .alterClusterDynamicConfiguration
        case (.cluster, .idempotentWrite): self = .writeDataIdempotently
        case (.cluster, .create), (.topic, .create): self = .createTopic
        case (.topic, .describe): self = .describeTopic
        case (.topic, .alter): self = .alterTopic
        case (.topic, .delete): self = .deleteTopic
        case (.topic, .read): self = .readData
        case (.topic, .write): self = .writeData
        case (.topic, .describeConfigs): self = .describeTopicDynamicConfiguration
        case (.topic, .alterConfigs): self = .alterTopicDynamicConfiguration
        case (.group, .read): self = .alterGroup
        case (.group, .describe): self = .describeGroup
        case (.group, .delete): self = .deleteGroup
        case (.transactionalId, .describe): self = .describeTransactionalId
        case (.transactionalId, .write): self = .alterTransactionalId
        default: return nil
        }
    }
}
