import Authorization
import PolicyStore

/// IAM principals named by their ARN, as `authctl check` names them: the subject the
/// authorizer would see for a session of that principal, built from the same snapshot
/// (`IamIdentities`) the gateway's sessions use.
extension GatewayPolicy {
    /// Who an IAM principal ARN names, in the configured account: an IAM user
    /// (`arn:aws:iam::<account>:user/NAME`) or a role session
    /// (`arn:aws:sts::<account>:assumed-role/ROLE/SESSION`).
    public enum IamPrincipal: Sendable, Hashable {
        case user(String)
        case roleSession(role: String, session: String)
    }

    /// The cluster the IAM ARNs name (the gateway's `iam.*` settings).
    public var iamCluster: IamClusterIdentity { iamSettings.cluster }

    /// Parses `arn` as one of the two forms the gateway gives its IAM sessions; nil when it has
    /// another shape, names another account than `iam.account.id`, or holds a name IAM refuses.
    public func iamPrincipal(forArn arn: String) -> IamPrincipal? {
        let cluster = iamSettings.cluster
        let userPrefix = "arn:aws:iam::\(cluster.accountId):user/"
        let rolePrefix = "arn:aws:sts::\(cluster.accountId):assumed-role/"
        if arn.hasPrefix(userPrefix) {
            let name = String(arn.dropFirst(userPrefix.count))
            guard IamName.problem(with: name, kind: .user) == nil else { return nil }
            return .user(name)
        }
        if arn.hasPrefix(rolePrefix) {
            let parts = arn.dropFirst(rolePrefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, IamName.problem(with: parts[0], kind: .role) == nil,
                IamName.problem(with: parts[1], kind: .sessionName) == nil
            else { return nil }
            return .roleSession(role: parts[0], session: parts[1])
        }
        return nil
    }

    /// The subject `authorize(iam:…)` decides for when a session of `arn` makes a request:
    /// its ARN with the policies attached now (a user's, or for a role session the role's),
    /// over TLS as every IAM listener is. A user or role the store lacks has no policies (the
    /// gateway would not let it connect; `authctl check` warns). nil when the ARN is not one of
    /// the configured account's IAM principals (see ``iamPrincipal(forArn:)``).
    public func iamSubject(forPrincipalArn arn: String) -> IamSubject? {
        guard let principal = iamPrincipal(forArn: arn) else { return nil }
        let owner: IamKeyOwner = switch principal {
        case .user(let name): .user(name)
        case .roleSession(let role, let session): .roleSession(role: role, session: session)
        }
        let identity = IamSessionIdentity(arn: IamIdentities.arn(of: owner, in: iamSettings.cluster), accessKeyId: "", owner: owner)
        return iamSubject(for: identity, secureTransport: true)
    }
}
