/// Who the gateway's cluster is in AWS's terms: the names MSK's ARNs are made
/// of. Policies written for a real MSK cluster work unchanged once these
/// are set to that cluster's values.
public struct IamClusterIdentity: Sendable, Hashable {
    public var region: String
    public var accountId: String
    public var clusterName: String
    /// MSK's cluster UUID with its `-<n>` suffix, as it appears in the ARN.
    public var clusterUuid: String

    public init(
        region: String = "us-east-1", accountId: String = "000000000000", clusterName: String = "portcullis",
        clusterUuid: String = "00000000-0000-0000-0000-000000000000-1"
    ) {
        self.region = region
        self.accountId = accountId
        self.clusterName = clusterName
        self.clusterUuid = clusterUuid
    }

    public static let `default` = IamClusterIdentity()

    private var prefix: String { "arn:aws:kafka:\(region):\(accountId):" }
    private var clusterPath: String { "\(clusterName)/\(clusterUuid)" }

    /// `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`
    public var clusterArn: String { prefix + "cluster/" + clusterPath }
    public func topicArn(_ topic: String) -> String { prefix + "topic/" + clusterPath + "/" + topic }
    public func groupArn(_ group: String) -> String { prefix + "group/" + clusterPath + "/" + group }
    public func transactionalIdArn(_ id: String) -> String { prefix + "transactional-id/" + clusterPath + "/" + id }

    /// The ARN of a Kafka resource (the Cluster resource is the cluster ARN).
    public func arn(of resource: ResourceName) -> String {
        switch resource.resourceType {
        case .cluster: clusterArn
        case .topic: topicArn(resource.name)
        case .group: groupArn(resource.name)
        case .transactionalId: transactionalIdArn(resource.name)
        }
    }

    /// `arn:aws:iam::<account>:user/<name>`
    public func userArn(_ name: String) -> String { "arn:aws:iam::\(accountId):user/\(name)" }

    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`
    public func assumedRoleArn(role: String, session: String) -> String {
        "arn:aws:sts::\(accountId):assumed-role/\(role)/\(session)"
    }
}
