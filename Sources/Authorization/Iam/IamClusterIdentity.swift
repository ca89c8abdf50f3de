/// Who the gateway's cluster is in AWS's terms: the names MSK's ARNs are made
/// of. Policies written for a real MSK cluster work unchanged once these
/// are set to that cluster's values.
public struct IamClusterIdentity: Sendable, Hashable {
    public var region: String { didSet { refreshArns() } }
    public var accountId: String { didSet { refreshArns() } }
    public var clusterName: String { didSet { refreshArns() } }
    /// MSK's cluster UUID with its `-<n>` suffix, as it appears in the ARN.
    public var clusterUuid: String { didSet { refreshArns() } }

    /// The ARNs' fixed parts, made once (the authorizer builds ARNs on every
    /// request): `arn:aws:kafka:<region>:<account>:`, `<name>/<uuid>/`, and
    /// the cluster ARN. Derived from the four names above.
    private var prefix = ""
    private var clusterPathSlash = ""
    public private(set) var clusterArn = ""

    private mutating func refreshArns() {
        prefix = "arn:aws:kafka:\(region):\(accountId):"
        clusterPathSlash = "\(clusterName)/\(clusterUuid)/"
        clusterArn = prefix + "cluster/" + clusterName + "/" + clusterUuid
    }

    public init(
        region: String = "us-east-1", accountId: String = "000000000000", clusterName: String = "portcullis",
        clusterUuid: String = "00000000-0000-0000-0000-000000000000-1"
    ) {
        self.region = region
        self.accountId = accountId
        self.clusterName = clusterName
        self.clusterUuid = clusterUuid
        refreshArns()
    }

    public static let `default` = IamClusterIdentity()

    // `clusterArn`: `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`
    public func topicArn(_ topic: String) -> String { arn("topic/", topic) }
    public func groupArn(_ group: String) -> String { arn("group/", group) }
    public func transactionalIdArn(_ id: String) -> String { arn("transactional-id/", id) }

    /// One allocation: the fixed parts and the name appended to a string of the right capacity.
    private func arn(_ type: String, _ name: String) -> String {
        var arn = ""
        arn.reserveCapacity(prefix.utf8.count + type.utf8.count + clusterPathSlash.utf8.count + name.utf8.count)
        arn += prefix
        arn += type
        arn += clusterPathSlash
        arn += name
        return arn
    }

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
