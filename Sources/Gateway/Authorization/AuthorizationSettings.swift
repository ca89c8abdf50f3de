/// The gateway's own authorization settings, in Kafka's names: who is exempt
/// from ACLs, and what a resource without any ACL means.
public struct AuthorizationSettings: Sendable, Equatable {
    /// `super.users`: bare principal names (`admin` for `User:admin`). Store
    /// principals flagged as super users are added to them.
    public var superUsers: Set<String>
    /// `allow.everyone.if.no.acl.found`: false (Kafka's default) denies a
    /// resource no ACL names.
    public var allowEveryoneIfNoAclFound: Bool

    public init(superUsers: Set<String> = [], allowEveryoneIfNoAclFound: Bool = false) {
        self.superUsers = superUsers
        self.allowEveryoneIfNoAclFound = allowEveryoneIfNoAclFound
    }
}
