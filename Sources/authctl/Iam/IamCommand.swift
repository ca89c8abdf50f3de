import ArgumentParser

/// `authctl iam`: IAM users, roles, access keys, role sessions and policy documents in the policy store.
struct IamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam",
        abstract: "Manage IAM users, roles, access keys, role sessions and policies (the IAM listener, port 9098).",
        discussion: """
            Works on DIR/policy/policy.sqlite; a running gateway sees each change within a second, and \
            closes the connections of a key that is disabled, deleted or revoked. Secret access keys \
            are sealed under a KMS key (--key-id, default alias/portcullis-iam, created on first use) \
            of the broker's KMS (--key-data-dir, default DATA_DIR/broker); session tokens are kept only \
            as their SHA-256. A secret or token is printed once, by `key create` or `session issue`, \
            and never again. Expired session credentials stay (refused by the gateway) until \
            `session purge` removes them. Every change is recorded with who made it.
            """,
        subcommands: [IamUserCommand.self, IamRoleCommand.self, IamKeyCommand.self, IamSessionCommand.self, IamPolicyCommand.self]
    )
}
