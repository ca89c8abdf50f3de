import PolicyStore

/// How `diff` and `apply` print a drift: one line per change, `+` added, `~` changed, `-`
/// removed, users first, then ACLs, then network rules, then client quotas, then IAM (identities, documents,
/// attachments; a policy kept although the files drop it is noted with `=`, and is no change).
enum PolicyDriftListing {
    static func lines(_ drift: PolicyDrift) -> [String] {
        kafkaLines(drift) + iamLines(drift)
    }

    private static func iamLines(_ drift: PolicyDrift) -> [String] {
        drift.iamUsersToAdd.map { "+ iam user \($0)" }
            + drift.iamRolesToAdd.map { "+ iam role \($0)" }
            + drift.iamPoliciesToAdd.map { "+ iam policy \($0.name)" }
            + drift.iamPoliciesToChange.map { "~ iam policy \($0.name): document differs from iam/\($0.name).json" }
            + drift.iamAttachmentsToRemove.map { "- iam attachment \($0.policy) to \($0.target)" }
            + drift.iamAttachmentsToAdd.map { "+ iam attachment \($0.policy) to \($0.target)" }
            + drift.iamPoliciesToRemove.map { "- iam policy \($0)" }
            + drift.iamPoliciesKept.map {
                "= iam policy \($0.name) kept: no iam/\($0.name).json, but attached to \($0.attachedTo.map(\.description).joined(separator: ", ")), which the files do not declare"
            }
    }

    private static func kafkaLines(_ drift: PolicyDrift) -> [String] {
        drift.usersToAdd.map { "+ user \($0.kafkaPrincipal) (\(state(enabled: $0.enabled, superUser: $0.superUser)))" }
            + drift.usersToChange.map { "~ user \($0.declared.kafkaPrincipal): \(changes($0))" }
            + drift.usersToRemove.map { "- user \($0.kafkaPrincipal) (and its credentials)" }
            + drift.aclsToRemove.map { "- acl \($0.pattern): \($0.entry)" }
            + drift.aclsToAdd.map { "+ acl \($0.pattern): \($0.entry)" }
            + drift.networkRulesToRemove.map { "- network rule \($0)" }
            + drift.networkRulesToAdd.map { "+ network rule \($0)" }
            + drift.quotaChanges.map(quotaLine)
    }

    /// `+ quota user=alice producer_byte_rate: 1048576`, `~ quota …: 1024 -> 2048`, `- quota …: 1024`.
    private static func quotaLine(_ change: ClientQuotaChange) -> String {
        let subject = "quota \(change.entity) \(change.key.rawValue)"
        switch (change.old, change.new) {
        case (nil, let new?): return "+ \(subject): \(ClientQuota.text(new))"
        case (let old?, let new?): return "~ \(subject): \(ClientQuota.text(old)) -> \(ClientQuota.text(new))"
        case (let old?, nil): return "- \(subject): \(ClientQuota.text(old))"
        case (nil, nil): return "= \(subject)"
        }
    }

    /// `2 to add, 1 to change, 0 to remove`, with `verbs` ("to add", ...) or ("added", ...).
    static func summary(_ drift: PolicyDrift, verbs: (add: String, change: String, remove: String)) -> String {
        let added = drift.usersToAdd.count + drift.aclsToAdd.count + drift.networkRulesToAdd.count + drift.iamUsersToAdd.count
            + drift.iamRolesToAdd.count + drift.iamPoliciesToAdd.count + drift.iamAttachmentsToAdd.count
            + drift.quotaChanges.filter { $0.old == nil }.count
        let removed = drift.usersToRemove.count + drift.aclsToRemove.count + drift.networkRulesToRemove.count
            + drift.iamPoliciesToRemove.count + drift.iamAttachmentsToRemove.count + drift.quotaChanges.filter { $0.new == nil }.count
        let changed = drift.usersToChange.count + drift.iamPoliciesToChange.count
            + drift.quotaChanges.filter { $0.old != nil && $0.new != nil }.count
        return "\(added) \(verbs.add), \(changed) \(verbs.change), \(removed) \(verbs.remove)"
    }

    private static func state(enabled: Bool, superUser: Bool) -> String {
        (enabled ? "enabled" : "disabled") + (superUser ? ", super user" : "")
    }

    /// The fields that differ, in the files' words: `enabled: true -> false`.
    private static func changes(_ change: PolicyDrift.UserChange) -> String {
        let (current, declared) = (change.current, change.declared)
        return [
            current.enabled != declared.enabled ? "enabled: \(current.enabled) -> \(declared.enabled)" : nil,
            current.superUser != declared.superUser ? "superUser: \(current.superUser) -> \(declared.superUser)" : nil,
        ].compactMap { $0 }.joined(separator: ", ")
    }
}
