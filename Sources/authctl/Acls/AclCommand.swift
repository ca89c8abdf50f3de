import ArgumentParser

/// `authctl acl`: Kafka ACLs in the policy store, with kafka-acls.sh's options.
struct AclCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acl",
        abstract: "Manage Kafka ACLs in the policy store, with kafka-acls.sh's options.",
        discussion: """
            As kafka-acls.sh: each --allow-principal (or --deny-principal) from each of its hosts \
            (default *) gets each --operation (default All) on each resource. --producer makes \
            Write, Describe and Create on each --topic, Write and Describe on each \
            --transactional-id, and with --idempotent IdempotentWrite on the cluster; --consumer \
            makes Read and Describe on each --topic and Read on each --group. Principals are \
            User:NAME or User:*; hosts are IP addresses or *. A DENY wins over any ALLOW, and no \
            matching ALLOW means DENY. A running gateway sees each change within a second; every \
            change is recorded with who made it.

            remove, like kafka-acls.sh, lists the ACLs it would remove and asks for y on standard \
            input; --force removes without asking (for scripts). Without principals it removes \
            every ACL of the named resources. Unlike kafka-acls.sh, options a shortcut would \
            silently ignore (--cluster, or --group without --consumer) are refused.
            """,
        subcommands: [AclAdd.self, AclRemove.self, AclList.self]
    )
}
