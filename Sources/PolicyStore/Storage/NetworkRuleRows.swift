import Authorization
import GRDB

/// Network rules to and from rows of `network_rules`.
enum NetworkRuleRows {
    static let columns = "topic, pattern_type, cidr, operations"
    static let matchesAllColumns = "topic = ? AND pattern_type = ? AND cidr = ? AND operations = ?"

    static func arguments(_ rule: NetworkRule) -> StatementArguments {
        [rule.topics.name, rule.topics.patternType.description, rule.block.description, StoredOperations(rule.operations).description]
    }

    /// Every stored rule; throws when any row does not read back as a rule the store would write.
    static func fetchAll(_ db: Database) throws -> [NetworkRule] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM network_rules").map(rule)
    }

    static func rule(_ row: Row) throws -> NetworkRule {
        let rule = NetworkRule(
            topicName: try row.decode(String.self, forColumn: "topic"),
            patternType: try PolicyRows.canonical(row, "pattern_type", of: "network_rules", AclPatternType.init(name:)),
            block: try PolicyRows.canonical(row, "cidr", of: "network_rules", { try? CIDRBlock($0) }),
            operations: try PolicyRows.canonical(row, "operations", of: "network_rules", StoredOperations.init(parsing:)).operations
        )
        if let problem = rule.storageProblem {
            throw PolicyStoreError.corruptStore("a network rule is one the store would refuse: \(problem)")
        }
        return rule
    }

    static func details(_ rule: NetworkRule) -> [String: AdminChangeLog.Detail] {
        ["cidr": .string(rule.block.description), "operations": .strings(StoredOperations(rule.operations).names)]
    }
}
