import PolicyStore
import Yams

/// A `users:` entry: a user the gateway admits, by name, with its state; never a secret
/// (passwords and certificates are set with `authctl scram set` and `authctl cert issue`).
enum UserEntryReading {
    static let keys = ["name", "enabled", "superUser"]

    static func read(_ node: Node, with reader: inout YAMLFieldReader) -> Located<DeclaredUser>? {
        guard let fields = reader.fields(of: node, what: "a user", known: keys, required: ["name"]) else { return nil }
        let name = fields["name"].flatMap { reader.parsed($0, key: "name", parse: userName) }
        let enabled = fields["enabled"].map { reader.bool($0, key: "enabled") } ?? true
        let superUser = fields["superUser"].map { reader.bool($0, key: "superUser") } ?? false
        guard let name, let enabled, let superUser else { return nil }
        return Located(value: DeclaredUser(name: name, enabled: enabled, superUser: superUser), location: reader.location(of: node))
    }

    /// NAME as `authctl user add` takes it, under the store's rules for names.
    private static func userName(_ text: String) throws -> String {
        if text.hasPrefix("User:") {
            throw PolicyFileFailure("give the name without User: ('\(text.dropFirst("User:".count))')")
        }
        if let problem = PrincipalName.problem(with: text) {
            throw PolicyFileFailure("invalid user name: \(problem)")
        }
        try PrincipalName.requireUnreserved(text)
        return text
    }
}
