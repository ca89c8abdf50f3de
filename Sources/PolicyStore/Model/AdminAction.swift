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

    public var description: String { rawValue }
}
