import ArgumentParser

/// `authctl quota`: Kafka's client quotas for users and client addresses.
struct QuotaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota",
        abstract: "Manage client quotas: byte rates and request time per user, connection rates per address.",
        discussion: """
            Kafka's quotas, with Kafka's keys: producer_byte_rate, consumer_byte_rate (bytes per \
            second) and request_percentage for users (--user NAME, or --default-user for every user \
            without a value of its own); connection_creation_rate (new connections per second) for \
            client addresses (--ip ADDRESS, or --default-ip). Each key resolves on its own: a user's \
            own value, else the default's. A user need not exist yet, as in Kafka. A running gateway \
            sees each change within a second; every change is recorded with who made it. The same \
            quotas can be set with Kafka's AlterClientQuotas (kafka-configs.sh --alter \
            --entity-type users) through the gateway.
            """,
        subcommands: [QuotaSet.self, QuotaRemove.self, QuotaList.self]
    )
}
