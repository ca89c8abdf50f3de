import ArgumentParser
import Authentication

/// `authctl scram`: SCRAM-SHA-256/512 credentials, stored as Kafka stores them.
struct ScramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scram",
        abstract: "Manage users' SCRAM credentials (salted keys; the password itself is never stored).",
        discussion: """
            Clients authenticate on the SASL_SSL listener (port 9096) with sasl.mechanism set to \
            the same mechanism. A changed password applies to new sessions; open ones must \
            re-authenticate when their session lifetime ends.
            """,
        subcommands: [ScramSet.self, ScramDelete.self]
    )
}

extension ScramMechanism: ExpressibleByArgument {}
