/// The IAM part of a store, as the drift compares it.
struct IamState: Sendable {
    var users: Set<String> = []
    var roles: Set<String> = []
    /// Policy name → stored text.
    var policies: [String: String] = [:]
    var attachments: Set<IamAttachment> = []
}

extension PolicyDrift {
    /// What makes `current` differ from `declared` (see ``DeclaredIam`` for the rules).
    mutating func addIamDrift(from current: IamState, to declared: DeclaredIam) {
        iamUsersToAdd = declared.users.keys.filter { !current.users.contains($0) }.sorted()
        iamRolesToAdd = declared.roles.keys.filter { !current.roles.contains($0) }.sorted()

        // Declared identities' attachments are exact; the others' are left alone.
        let managed = Set(declared.users.keys.map(IamPolicyTarget.user) + declared.roles.keys.map(IamPolicyTarget.role))
        let wanted = declared.attachments
        iamAttachmentsToAdd = wanted.subtracting(current.attachments).sorted()
        iamAttachmentsToRemove = current.attachments.filter { managed.contains($0.target) && !wanted.contains($0) }.sorted()

        guard let policies = declared.policies else { return }
        for (name, document) in policies.sorted(by: { $0.key < $1.key }) {
            switch current.policies[name] {
            case nil: iamPoliciesToAdd.append(DeclaredIamPolicy(name: name, document: document))
            case let stored? where stored != document: iamPoliciesToChange.append(DeclaredIamPolicy(name: name, document: document))
            default: break
            }
        }
        for name in current.policies.keys.sorted() where policies[name] == nil {
            // What stays attached after apply: attachments to identities the files do not declare.
            let remaining = current.attachments.filter { $0.policy == name && !managed.contains($0.target) }.sorted().map(\.target)
            if remaining.isEmpty {
                iamPoliciesToRemove.append(name)
            } else {
                iamPoliciesKept.append(KeptIamPolicy(name: name, attachedTo: remaining))
            }
        }
    }
}
