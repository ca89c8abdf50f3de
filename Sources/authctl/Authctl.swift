import ArgumentParser

@main
struct Authctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authctl",
        abstract: "Administer Portcullis: principals, credentials, certificates, ACLs, network rules, client quotas, IAM keys and policies, encryption keys, the audit log and usage.",
        subcommands: [
            KeysCommand.self, CertificateAuthorityCommand.self, CertificateCommand.self, UserCommand.self, ScramCommand.self,
            AclCommand.self, NetworkRuleCommand.self, QuotaCommand.self, CheckCommand.self, ApplyCommand.self, DiffCommand.self, AuditCommand.self, IamCommand.self, UsageCommand.self,
        ]
    )
}
