import Authorization
import GRDB

extension PolicyStore {
    /// Adds `rule`; false, changing and recording nothing, when the same rule exists already.
    /// Recorded as `network-rule.add`.
    @discardableResult
    public func addNetworkRule(_ rule: NetworkRule, actor: String) throws(PolicyStoreError) -> Bool {
        try PrincipalName.validateActor(actor)
        if let problem = rule.storageProblem { throw .invalidNetworkRule(problem) }
        let now = Timestamp.now()
        return try write { db in try Self.insertNetworkRule(rule, in: db, at: now.text, actor: actor) }
    }

    /// Removes exactly `rule` (same topic pattern, block and operations); recorded as `network-rule.remove`.
    public func removeNetworkRule(_ rule: NetworkRule, actor: String) throws(PolicyStoreError) {
        try PrincipalName.validateActor(actor)
        let now = Timestamp.now()
        try write { db in try Self.deleteNetworkRule(rule, in: db, at: now.text, actor: actor) }
    }

    /// Every network rule, sorted.
    public func listNetworkRules() throws(PolicyStoreError) -> [NetworkRule] {
        try read { db in try NetworkRuleRows.fetchAll(db).sorted() }
    }

    /// Inserts `rule` unless stored already, recording it (`network-rule.add`) when it was new.
    static func insertNetworkRule(_ rule: NetworkRule, in db: Database, at: String, actor: String) throws -> Bool {
        try db.execute(
            sql: "INSERT INTO network_rules (\(NetworkRuleRows.columns)) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            arguments: NetworkRuleRows.arguments(rule)
        )
        guard db.changesCount == 1 else { return false }
        try AdminChangeLog.append(
            db, at: at, actor: actor, action: .networkRuleAdd, subject: rule.topics.description,
            details: NetworkRuleRows.details(rule)
        )
        return true
    }

    /// Deletes exactly `rule` and records it (`network-rule.remove`); throws when it is not stored.
    static func deleteNetworkRule(_ rule: NetworkRule, in db: Database, at: String, actor: String) throws {
        try db.execute(
            sql: "DELETE FROM network_rules WHERE \(NetworkRuleRows.matchesAllColumns)", arguments: NetworkRuleRows.arguments(rule)
        )
        guard db.changesCount == 1 else { throw PolicyStoreError.unknownNetworkRule(rule) }
        try AdminChangeLog.append(
            db, at: at, actor: actor, action: .networkRuleRemove, subject: rule.topics.description,
            details: NetworkRuleRows.details(rule)
        )
    }
}
