import Authorization

/// How `net list` prints rules: a table, or JSON.
enum NetworkRuleListing {
    static func table(_ rules: [NetworkRule]) -> String {
        TextTable.render(
            header: ["TOPIC", "PATTERN", "CIDR", "OPERATIONS"],
            rows: rules.map { [$0.topics.name, $0.topics.patternType.description, $0.block.description, Record($0).operations.joined(separator: ",")] }
        )
    }

    /// One object per rule, for `--output json`; `operations` is `["All"]` for a rule covering every operation.
    struct Record: Encodable {
        let topic: String
        let patternType: String
        let cidr: String
        let operations: [String]

        init(_ rule: NetworkRule) {
            topic = rule.topics.name
            patternType = rule.topics.patternType.description
            cidr = rule.block.description
            operations = rule.operations.map { $0.sorted().map(\.description) } ?? [AclOperation.all.description]
        }
    }
}
