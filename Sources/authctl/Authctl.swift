import ArgumentParser

@main
struct Authctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authctl",
        abstract: "Administer Portcullis: principals, credentials, certificates, ACLs, network rules, IAM keys and policies, encryption keys and the audit log.",
        discussion: """
            The policy store that these commands administer does not exist yet; \
            this release has no subcommands yet.
            """,
    )
}
