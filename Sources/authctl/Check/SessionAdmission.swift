import PolicyStore

/// Whether the gateway would let the principal hold a session at all: the authorizer answers
/// for a session that exists, but only an enabled user of the store (or ANONYMOUS, on a listener
/// that allows it) gets one, so `check` warns when its answer could never apply.
enum SessionAdmission {
    static func warning(for name: String, in snapshot: PolicySnapshot) -> String? {
        guard name != PrincipalName.anonymous else { return nil }
        switch snapshot.principal(named: name)?.enabled {
        case true?: return nil
        case false?: return "User:\(name) is disabled: the gateway refuses its connections, whatever this answer says"
        case nil: return "User:\(name) is not a user of the policy store: the gateway refuses its connections, whatever this answer says"
        }
    }
}
