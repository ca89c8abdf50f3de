import ArgumentParser

/// `authctl audit`: the gateway's decision log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the decision log.",
        discussion: """
            The log is DATA_DIR/audit under the gateway's data directory: JSON Lines, one \
            record per authentication attempt, DENY, admin change and first ALLOW, \
            hash-chained across files and sealed by checkpoints under a KMS key.
            """,
        subcommands: [AuditTail.self, AuditQueryCommand.self, AuditVerify.self]
    )
}
