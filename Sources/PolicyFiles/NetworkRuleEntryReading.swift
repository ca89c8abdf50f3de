import Authorization
import Yams

/// A `networkRules:` entry: the client addresses that may use some topics; it stands for one
/// rule per CIDR block, as `authctl net allow` adds them.
enum NetworkRuleEntryReading {
    static let keys = ["topic", "patternType", "cidrs", "operations"]

    static func read(_ node: Node, with reader: inout YAMLFieldReader) -> [Located<NetworkRule>] {
        guard let fields = reader.fields(of: node, what: "a network rule", known: keys, required: ["topic", "cidrs"]) else { return [] }
        let topic = fields["topic"].flatMap { reader.string($0, key: "topic") }
        let patternType = fields["patternType"].map { reader.parsed($0, key: "patternType", parse: PatternTypeParsing.patternType) }
            ?? AclPatternType.literal
        let blocks = fields["cidrs"].flatMap { reader.parsedList($0, key: "cidrs") { text in try CIDRBlock(text) } }
        let operations = fields["operations"].map { reader.parsedList($0, key: "operations", parse: AclArgumentParsing.operation) }
            ?? [AclOperation.all]
        guard let topic, let patternType, let blocks, let operations else { return [] }
        let location = reader.location(of: node)
        var rules: [Located<NetworkRule>] = []
        for block in blocks {
            let rule = NetworkRule(topicName: topic, patternType: patternType, block: block, operations: Set(operations))
            if let problem = rule.storageProblem {
                reader.note(problem, at: location)
                return []
            }
            rules.append(Located(value: rule, location: location))
        }
        return rules
    }
}
