import Authorization
import Gateway
import PolicyStore

/// The authorizer the gateway decides with, for one snapshot of the store and the gateway's
/// settings: the store's ACLs and network rules, and as super users the configured ones plus the
/// enabled store users flagged as super users. It is `GatewayPolicy`'s, built the same way; that
/// type keeps its authorizer to the gateway, so the few lines are repeated here and
/// test_authctl_check.py holds them to the gateway's behaviour.
enum GatewayAuthorizer {
    static func make(_ snapshot: PolicySnapshot, settings: AuthorizationSettings) -> Authorizer {
        let flagged = snapshot.principals.values.filter { $0.superUser && $0.enabled }.map(\.name)
        return Authorizer(
            acls: AclAuthorizer(
                bindings: snapshot.acls, superUsers: settings.superUsers.union(flagged),
                allowEveryoneIfNoAclFound: settings.allowEveryoneIfNoAclFound
            ),
            networkRules: NetworkRuleSet(snapshot.networkRules)
        )
    }
}
