import Foundation
import Gateway
import PolicyStore

/// Whether the gateway would let the principal hold a session at all: the authorizer answers
/// for a session that exists, but only an enabled user of the store (or ANONYMOUS, on a listener
/// that allows it) gets one, so `check` warns when its answer could never apply. An IAM user
/// needs an active access key and an assumed-role session live credentials of its role.
enum SessionAdmission {
    static func warning(for name: String, in snapshot: PolicySnapshot) -> String? {
        guard name != PrincipalName.anonymous else { return nil }
        switch snapshot.principal(named: name)?.enabled {
        case true?: return nil
        case false?: return "User:\(name) is disabled: the gateway refuses its connections, whatever this answer says"
        case nil: return "User:\(name) is not a user of the policy store: the gateway refuses its connections, whatever this answer says"
        }
    }

    static func warning(for principal: GatewayPolicy.IamPrincipal, in iam: IamSnapshot, at date: Date = Date()) -> String? {
        let refused = "the gateway refuses its connections, whatever this answer says"
        switch principal {
        case .user(let user):
            guard iam.users[user] != nil else { return "IAM user \(user) is not in the policy store: \(refused)" }
            let keys = iam.accessKeys.values.filter { $0.owner == .user(user) }
            guard keys.contains(where: \.enabled) else {
                return keys.isEmpty
                    ? "IAM user \(user) has no access key (authctl iam key create): \(refused)"
                    : "IAM user \(user) has no active access key: \(refused)"
            }
        case .roleSession(let role, let session):
            guard iam.roles[role] != nil else { return "IAM role \(role) is not in the policy store: \(refused)" }
            let live = iam.accessKeys.values.contains { $0.owner == .roleSession(role: role, session: session) && $0.enabled && !$0.isExpired(at: date) }
            guard live else {
                return "role \(role) has no live session \(session) (authctl iam session issue): its connections are refused until one is issued"
            }
        }
        return nil
    }
}
