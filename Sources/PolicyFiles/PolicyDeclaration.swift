import PolicyStore

/// Every file's declarations as one ``DeclaredPolicy``: a kind is managed when any file mentions
/// it. What is declared twice, in one file or in two, is refused with both places: in reviewed
/// policy a repeat is a slip more often than an intention, and deleting one copy would then
/// change nothing.
enum PolicyDeclaration {
    static func merge(
        _ documents: [PolicyDocument], iamPolicies: [IamPolicyFiles.Document]? = nil, refusedIamPolicies: Set<String> = [],
        problems: inout [PolicyFileProblem]
    ) -> DeclaredPolicy {
        let users = unique(documents.map(\.users), by: \.name, problems: &problems) { "\($0.kafkaPrincipal) is declared already" }
        let acls = unique(documents.map(\.acls), by: { $0 }, problems: &problems) { "this ACL is declared already: \($0)" }
        let rules = unique(documents.map(\.networkRules), by: { $0 }, problems: &problems) { "network rule \($0) is declared already" }
        let quotas = unique(documents.map(\.quotas), by: { "\($0.entity) \($0.key.rawValue)" }, problems: &problems) {
            "\($0.key.rawValue) of \($0.entity) is declared already"
        }
        let flags = documents.compactMap(\.removeUnlistedUsers)
        for flag in flags.dropFirst() {
            problems.append(PolicyFileProblem(location: flag.location, message: "removeUnlistedUsers is set already at \(flags[0].location)"))
        }
        let removesUnlisted = flags.first?.value ?? false
        if removesUnlisted, users == nil {
            problems.append(PolicyFileProblem(
                location: flags[0].location, message: "removeUnlistedUsers: true needs a 'users' list; without one it would remove every user"
            ))
        }
        return DeclaredPolicy(
            users: users.map { DeclaredUsers($0, removesUnlisted: removesUnlisted) }, acls: acls.map(Set.init), networkRules: rules.map(Set.init),
            iam: mergeIam(documents, policies: iamPolicies, refused: refusedIamPolicies, problems: &problems), quotas: quotas
        )
    }

    /// The IAM part: documents from `iam/` directories (nil when there is none), users and roles
    /// from the `iam:` keys. With documents declared, an attachment must name one of them.
    private static func mergeIam(
        _ documents: [PolicyDocument], policies: [IamPolicyFiles.Document]?, refused: Set<String>, problems: inout [PolicyFileProblem]
    ) -> DeclaredIam? {
        let policyFiles = policies.map { files in
            files.map { Located(value: $0, location: $0.location) }
        }
        let declaredPolicies = unique([policyFiles], by: \.name, problems: &problems) { "policy \($0.name) is declared already" }
        let users = unique(documents.map(\.iamUsers), by: \.name, problems: &problems) { "IAM user \($0.name) is declared already" }
        let roles = unique(documents.map(\.iamRoles), by: \.name, problems: &problems) { "IAM role \($0.name) is declared already" }
        guard declaredPolicies != nil || users != nil || roles != nil else { return nil }
        let byName = declaredPolicies.map { Dictionary($0.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first }) }
        if let byName {
            for located in documents.flatMap({ ($0.iamUsers ?? []) + ($0.iamRoles ?? []) }) {
                for policy in located.value.policies.sorted() where byName[policy] == nil && !refused.contains(policy) {
                    problems.append(PolicyFileProblem(
                        location: located.location, message: "\(located.value.name) is attached to policy \(policy), which no iam/\(policy).json declares"
                    ))
                }
            }
        }
        return DeclaredIam(
            policies: byName,
            users: Dictionary((users ?? []).map { ($0.name, $0.policies) }, uniquingKeysWith: { first, _ in first }),
            roles: Dictionary((roles ?? []).map { ($0.name, $0.policies) }, uniquingKeysWith: { first, _ in first })
        )
    }

    /// The values of every file that mentions the kind, in order; nil when none does. A value
    /// whose key was declared already is noted with the first place, and dropped.
    private static func unique<Value, Key: Hashable>(
        _ perDocument: [[Located<Value>]?], by key: (Value) -> Key, problems: inout [PolicyFileProblem],
        repeated: (Value) -> String
    ) -> [Value]? {
        guard perDocument.contains(where: { $0 != nil }) else { return nil }
        var first: [Key: SourceLocation] = [:]
        var values: [Value] = []
        for located in perDocument.compactMap({ $0 }).joined() {
            if let earlier = first[key(located.value)] {
                problems.append(PolicyFileProblem(location: located.location, message: "\(repeated(located.value)) at \(earlier)"))
                continue
            }
            first[key(located.value)] = located.location
            values.append(located.value)
        }
        return values
    }
}
