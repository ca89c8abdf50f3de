import PolicyStore
import Yams

/// An IAM user or role with the policies attached to it, as the `iam:` key declares it.
struct IamIdentityEntry {
    let name: String
    let policies: Set<String>
}

/// The `iam:` key: `users` and `roles`, each a list of `{name, policies: [...]}`. Attachments
/// only: policy documents are the JSON files of the directory's `iam/`, and access keys are never
/// declared (secrets do not belong in files).
enum IamEntryReading {
    static let keys = ["users", "roles"]
    static let identityKeys = ["name", "policies"]

    static func read(_ node: Node, with reader: inout YAMLFieldReader) -> (users: [Located<IamIdentityEntry>]?, roles: [Located<IamIdentityEntry>]?) {
        guard let fields = reader.fields(of: node, what: "'iam'", known: keys) else { return (nil, nil) }
        let users = fields["users"].flatMap { reader.list($0, key: "users") }.map { items in
            items.compactMap { identity($0, kind: .user, with: &reader) }
        }
        let roles = fields["roles"].flatMap { reader.list($0, key: "roles") }.map { items in
            items.compactMap { identity($0, kind: .role, with: &reader) }
        }
        return (users, roles)
    }

    /// `{name: NAME, policies: [a, b]}`; `policies` is required (`[]` attaches none) because the
    /// list is exact: a forgotten key must not detach everything.
    private static func identity(_ node: Node, kind: IamName.Kind, with reader: inout YAMLFieldReader) -> Located<IamIdentityEntry>? {
        let what = kind == .user ? "an IAM user" : "an IAM role"
        guard let fields = reader.fields(of: node, what: what, known: identityKeys, required: identityKeys) else { return nil }
        let name = fields["name"].flatMap { reader.parsed($0, key: "name") { try iamName($0, kind) } }
        let policies = fields["policies"].flatMap { policyNames($0, with: &reader) }
        guard let name, let policies else { return nil }
        return Located(value: IamIdentityEntry(name: name, policies: Set(policies)), location: reader.location(of: node))
    }

    /// A list of policy names, possibly empty, none repeated.
    private static func policyNames(_ node: Node, with reader: inout YAMLFieldReader) -> [String]? {
        guard let items = reader.list(node, key: "policies") else { return nil }
        var names: [String] = []
        var clean = true
        for item in items {
            guard let name = reader.parsed(item, key: "policies", parse: { try iamName($0, .policy) }) else {
                clean = false
                continue
            }
            if names.contains(name) {
                reader.note("'\(name)' is listed twice in 'policies'", at: item)
                clean = false
            }
            names.append(name)
        }
        return clean ? names : nil
    }

    private static func iamName(_ text: String, _ kind: IamName.Kind) throws -> String {
        if let problem = IamName.problem(with: text, kind: kind) { throw PolicyFileFailure("invalid \(kind): \(problem)") }
        return text
    }
}
