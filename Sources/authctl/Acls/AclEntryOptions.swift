import ArgumentParser
import Authorization
import PolicyFiles

/// Who may or may not do what, from where: kafka-acls.sh's principal, host and operation
/// options, and its --producer and --consumer shortcuts.
struct AclEntryOptions: ParsableArguments {
    @Option(
        name: .customLong("allow-principal"),
        help: ArgumentHelp("User:NAME, or User:* for every user, to allow (repeatable).", valueName: "principal"),
        transform: AclArgumentParsing.principal
    )
    var allowPrincipals: [AclPrincipal] = []

    @Option(
        name: .customLong("deny-principal"),
        help: ArgumentHelp("User:NAME, or User:* for every user, to deny; a DENY wins over any ALLOW (repeatable).", valueName: "principal"),
        transform: AclArgumentParsing.principal
    )
    var denyPrincipals: [AclPrincipal] = []

    @Option(
        name: .customLong("allow-host"),
        help: ArgumentHelp("An IP address the allowed principals connect from (repeatable; default: *, any).", valueName: "host"),
        transform: AclArgumentParsing.host
    )
    var allowHosts: [AclHost] = []

    @Option(
        name: .customLong("deny-host"),
        help: ArgumentHelp("An IP address the denied principals connect from (repeatable; default: *, any).", valueName: "host"),
        transform: AclArgumentParsing.host
    )
    var denyHosts: [AclHost] = []

    @Option(
        name: .customLong("operation"),
        help: ArgumentHelp("A Kafka operation name, any case: Read, Write, Describe, ... (repeatable; default: All).", valueName: "operation"),
        transform: AclArgumentParsing.operation
    )
    var operations: [AclOperation] = []

    @Flag(help: "ACLs for a producer: Write, Describe and Create on each --topic; Write and Describe on each --transactional-id.")
    var producer = false

    @Flag(help: "With --producer: also IdempotentWrite on the cluster.")
    var idempotent = false

    @Flag(help: "ACLs for a consumer: Read and Describe on each --topic, Read on each --group.")
    var consumer = false

    func validate() throws {
        if !allowHosts.isEmpty, allowPrincipals.isEmpty {
            throw ValidationError("--allow-host applies to --allow-principal; give one")
        }
        if !denyHosts.isEmpty, denyPrincipals.isEmpty {
            throw ValidationError("--deny-host applies to --deny-principal; give one")
        }
        if producer || consumer, !operations.isEmpty || !denyPrincipals.isEmpty || !denyHosts.isEmpty {
            throw ValidationError("--producer and --consumer choose the operations and only allow: drop --operation, --deny-principal and --deny-host")
        }
        if idempotent, !producer {
            throw ValidationError("--idempotent is for --producer")
        }
    }

    var namesPrincipals: Bool { !allowPrincipals.isEmpty || !denyPrincipals.isEmpty }

    /// The operations given, All when none was.
    var requestedOperations: Set<AclOperation> { operations.isEmpty ? [.all] : Set(operations) }

    /// Each allowed principal from each allowed host, and each denied one from each denied host,
    /// for each of `operations`.
    func entries(for operations: Set<AclOperation>) -> Set<AccessControlEntry> {
        var entries: Set<AccessControlEntry> = []
        for (principals, hosts, permission) in [(allowPrincipals, allowHosts, AclPermission.allow), (denyPrincipals, denyHosts, .deny)] {
            for principal in principals {
                for host in hosts.isEmpty ? [.any] : hosts {
                    for operation in operations {
                        entries.insert(AccessControlEntry(principal: principal, host: host, operation: operation, permission: permission))
                    }
                }
            }
        }
        return entries
    }
}
