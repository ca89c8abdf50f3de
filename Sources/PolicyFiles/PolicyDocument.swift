import Authorization
import PolicyStore
import Yams

/// What one policy file declares, each entry with where it was declared. A kind is nil when the
/// file does not mention it; an empty list still mentions it.
struct PolicyDocument {
    var users: [Located<DeclaredUser>]?
    var removeUnlistedUsers: Located<Bool>?
    var acls: [Located<AclBinding>]?
    var networkRules: [Located<NetworkRule>]?
    /// The `iam:` key's users and roles with their attachments.
    var iamUsers: [Located<IamIdentityEntry>]?
    var iamRoles: [Located<IamIdentityEntry>]?
    /// One value per entity and key.
    var quotas: [Located<ClientQuota>]?

    static let keys = ["users", "removeUnlistedUsers", "acls", "networkRules", "quotas", "iam"]

    /// Reads the YAML text of one file, `reader`'s; problems go to `reader`. An empty file declares nothing.
    static func read(with reader: inout YAMLFieldReader) -> PolicyDocument {
        var document = PolicyDocument()
        let root: Node?
        do {
            root = try Yams.compose(yaml: reader.text)
        } catch {
            reader.note(YAMLSyntaxProblem.problem(error, in: reader))
            return document
        }
        guard let root, let fields = reader.fields(of: root, what: "a policy file", known: keys) else { return document }
        document.users = fields["users"].flatMap { reader.list($0, key: "users") }.map { items in
            items.compactMap { UserEntryReading.read($0, with: &reader) }
        }
        document.removeUnlistedUsers = fields["removeUnlistedUsers"].flatMap { node in
            reader.bool(node, key: "removeUnlistedUsers").map { Located(value: $0, location: reader.location(of: node)) }
        }
        document.acls = fields["acls"].flatMap { reader.list($0, key: "acls") }.map { items in
            items.flatMap { AclEntryReading.read($0, with: &reader) }
        }
        document.networkRules = fields["networkRules"].flatMap { reader.list($0, key: "networkRules") }.map { items in
            items.flatMap { NetworkRuleEntryReading.read($0, with: &reader) }
        }
        document.quotas = fields["quotas"].flatMap { reader.list($0, key: "quotas") }.map { items in
            items.flatMap { QuotaEntryReading.read($0, with: &reader) }
        }
        if let iam = fields["iam"] {
            (document.iamUsers, document.iamRoles) = IamEntryReading.read(iam, with: &reader)
        }
        return document
    }
}
