import ArgumentParser
import Authorization
import PolicyFiles

/// The rule `net allow` adds and `net remove` removes.
struct NetworkRuleOptions: ParsableArguments {
    @Option(help: "The topic, or with --prefix the start of the topics' names; * for every topic.")
    var topic: String

    @Flag(help: "Cover every topic whose name starts with --topic.")
    var prefix = false

    @Option(
        help: "The clients' addresses in CIDR notation, IPv4 or IPv6: 10.0.0.0/8, 2001:db8::/32 (a bare address is one host).",
        transform: { text in try CIDRBlock(text) }
    )
    var cidr: CIDRBlock

    @Option(
        help: "The operations covered, Kafka's names in any case, comma-separated: read,write (default: all).",
        transform: NetworkRuleOptions.operations
    )
    var operations: Set<AclOperation>?

    var rule: NetworkRule {
        NetworkRule(topicName: topic, patternType: prefix ? .prefixed : .literal, block: cidr, operations: operations)
    }

    private static func operations(_ text: String) throws -> Set<AclOperation> {
        Set(try text.split(separator: ",", omittingEmptySubsequences: false).map { try AclArgumentParsing.operation(String($0)) })
    }
}
