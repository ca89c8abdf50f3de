import Authorization
import Crypto
import PolicyStore

/// One policy snapshot with the authorizer built from it: made once per
/// change, off the event loops, and swapped whole, so every decision of a
/// request sees one policy.
public struct GatewayPolicy: Sendable {
    public let snapshot: PolicySnapshot
    /// The ACLs and network rules of the snapshot, with the configured and the store's super users.
    public let authorizer: Authorizer
    /// IAM access keys (with their opened secrets), identities and policies.
    let iam: IamIdentities
    let iamSettings: IamSettings

    /// `iamSecrets`: the opened secret of each IAM access key, by id; a key
    /// without one authenticates no one (`authctl check` needs none).
    public init(_ snapshot: PolicySnapshot, settings: AuthorizationSettings, iamSecrets: [String: SymmetricKey] = [:]) {
        self.snapshot = snapshot
        self.iam = IamIdentities(snapshot.iam, secrets: iamSecrets, cluster: settings.iam.cluster)
        self.iamSettings = settings.iam
        let flagged = snapshot.principals.values.filter { $0.superUser && $0.enabled }.map(\.name)
        self.authorizer = Authorizer(
            acls: AclAuthorizer(
                bindings: snapshot.acls, superUsers: settings.superUsers.union(flagged),
                allowEveryoneIfNoAclFound: settings.allowEveryoneIfNoAclFound
            ),
            networkRules: NetworkRuleSet(snapshot.networkRules),
            iam: settings.iam.cluster
        )
    }

    public static let empty = GatewayPolicy(.empty, settings: AuthorizationSettings())

    /// Whether a store principal may hold a session: it exists and is enabled.
    public func admits(_ principal: String) -> Bool {
        snapshot.principal(named: principal)?.enabled == true
    }
}
