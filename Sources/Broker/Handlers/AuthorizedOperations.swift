/// The `authorizedOperations` bit fields of Metadata, DescribeCluster and
/// DescribeGroups (KIP-430): bit N set means ACL operation code N is allowed.
///
/// The embedded broker authorizes nothing itself (the gateway in front of it
/// does), so, like Kafka without an authorizer, it answers with every
/// operation the resource type supports. Clients that ask and get Kafka's
/// "not requested" value (Int32.min) back misread it as operation 31.
enum AuthorizedOperations {
    /// Kafka's ACL operation codes (`org.apache.kafka.common.acl.AclOperation`).
    private enum Operation: Int32 {
        case read = 3, write = 4, create = 5, delete = 6, alter = 7, describe = 8
        case clusterAction = 9, describeConfigs = 10, alterConfigs = 11, idempotentWrite = 12
    }

    /// What Kafka answers when the client did not ask.
    static let notRequested = Int32.min

    static let topic = bits(.read, .write, .create, .delete, .alter, .describe, .describeConfigs, .alterConfigs)
    static let group = bits(.read, .describe, .delete)
    static let cluster = bits(.create, .clusterAction, .describeConfigs, .alterConfigs, .idempotentWrite, .alter, .describe)

    private static func bits(_ operations: Operation...) -> Int32 {
        operations.reduce(0) { $0 | 1 << $1.rawValue }
    }
}
