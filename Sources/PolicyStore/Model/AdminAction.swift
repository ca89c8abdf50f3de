/// What an administrative change did, as recorded in `admin_changes.action`.
/// A struct rather than an enum so that rows written by later versions still read.
public struct AdminAction: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let userAdd = AdminAction(rawValue: "user.add")
    public static let userRemove = AdminAction(rawValue: "user.remove")
    public static let userEnable = AdminAction(rawValue: "user.enable")
    public static let userDisable = AdminAction(rawValue: "user.disable")
    /// Made a super user or an ordinary user again (`authctl apply`); details say which.
    public static let userSetSuperUser = AdminAction(rawValue: "user.set-super-user")
    public static let scramSet = AdminAction(rawValue: "scram.set")
    public static let scramDelete = AdminAction(rawValue: "scram.delete")
    public static let aclAdd = AdminAction(rawValue: "acl.add")
    public static let aclRemove = AdminAction(rawValue: "acl.remove")
    public static let networkRuleAdd = AdminAction(rawValue: "network-rule.add")
    public static let networkRuleRemove = AdminAction(rawValue: "network-rule.remove")
    /// A client quota set or changed. Subject `user=NAME`, `user=<default>`, `ip=ADDRESS` or `ip=<default>`;
    /// details hold the key, the old value (absent when there was none) and the new one.
    public static let quotaSet = AdminAction(rawValue: "quota.set")
    /// A client quota removed; details hold the key and the value it had.
    public static let quotaRemove = AdminAction(rawValue: "quota.remove")
    // IAM. Subjects are `iam-user/NAME`, `iam-role/NAME`, `iam-policy/NAME`, or an access key id;
    // details never hold a secret access key or a session token.
    public static let iamUserAdd = AdminAction(rawValue: "iam-user.add")
    /// Details list the access keys deleted and the policies detached with the user.
    public static let iamUserRemove = AdminAction(rawValue: "iam-user.remove")
    public static let iamRoleAdd = AdminAction(rawValue: "iam-role.add")
    /// Details list the sessions revoked and the policies detached with the role.
    public static let iamRoleRemove = AdminAction(rawValue: "iam-role.remove")
    public static let iamKeyCreate = AdminAction(rawValue: "iam-key.create")
    public static let iamKeyEnable = AdminAction(rawValue: "iam-key.enable")
    public static let iamKeyDisable = AdminAction(rawValue: "iam-key.disable")
    public static let iamKeyDelete = AdminAction(rawValue: "iam-key.delete")
    public static let iamSessionIssue = AdminAction(rawValue: "iam-session.issue")
    public static let iamSessionRevoke = AdminAction(rawValue: "iam-session.revoke")
    /// An expired session's credentials removed by `authctl iam session purge`.
    public static let iamSessionPurge = AdminAction(rawValue: "iam-session.purge")
    /// Created or replaced; details hold the document's SHA-256 and size, not its text.
    public static let iamPolicyPut = AdminAction(rawValue: "iam-policy.put")
    public static let iamPolicyRemove = AdminAction(rawValue: "iam-policy.remove")
    public static let iamPolicyAttach = AdminAction(rawValue: "iam-policy.attach")
    public static let iamPolicyDetach = AdminAction(rawValue: "iam-policy.detach")

    public var description: String { rawValue }
}
