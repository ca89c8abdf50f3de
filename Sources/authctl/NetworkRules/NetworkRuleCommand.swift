import ArgumentParser

/// `authctl net`: security-group-like CIDR rules for topics.
struct NetworkRuleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "net",
        abstract: "Manage network rules: which client addresses may use which topics.",
        discussion: """
            Once any rule covers a topic and an operation, a client outside every such rule is \
            denied it, whatever the ACLs say; a topic no rule covers is left to the ACLs alone. \
            Rules bind every principal, super users included. CIDR blocks are strict, as AWS \
            security groups parse them: 10.0.0.1/8 is refused (did you mean 10.0.0.0/8?). A \
            running gateway sees each change within a second; every change is recorded with who \
            made it.
            """,
        subcommands: [NetworkRuleAllow.self, NetworkRuleRemove.self, NetworkRuleList.self]
    )
}
