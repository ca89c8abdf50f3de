import Authorization
import PolicyStore

/// One policy snapshot with the authorizer built from it: made once per
/// change, off the event loops, and swapped whole, so every decision of a
/// request sees one policy.
public struct GatewayPolicy: Sendable {
    public let snapshot: PolicySnapshot
    /// The ACLs and network rules of the snapshot, with the configured and the store's super users.
    public let authorizer: Authorizer

    public init(_ snapshot: PolicySnapshot, settings: AuthorizationSettings) {
        self.snapshot = snapshot
        let flagged = snapshot.principals.values.filter { $0.superUser && $0.enabled }.map(\.name)
        self.authorizer = Authorizer(
            acls: AclAuthorizer(
                bindings: snapshot.acls, superUsers: settings.superUsers.union(flagged),
                allowEveryoneIfNoAclFound: settings.allowEveryoneIfNoAclFound
            ),
            networkRules: NetworkRuleSet(snapshot.networkRules)
        )
    }

    public static let empty = GatewayPolicy(.empty, settings: AuthorizationSettings())

    /// Whether a store principal may hold a session: it exists and is enabled.
    public func admits(_ principal: String) -> Bool {
        snapshot.principal(named: principal)?.enabled == true
    }
}
