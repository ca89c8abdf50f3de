import ArgumentParser
import Foundation
import Gateway

/// The gateway settings a decision depends on besides the store: its `super.users`,
/// `allow.everyone.if.no.acl.found` and `iam.*` (the cluster identity IAM ARNs name), read from its configuration file with the gateway's own
/// parser, or given as flags.
struct GatewaySettingsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The gateway's configuration file (gateway.properties), to take super.users, allow.everyone.if.no.acl.found and the iam.* settings (account, region, cluster) from it.",
        valueName: "file"
    ))
    var config: String?

    @Option(
        name: .customLong("super-users"),
        help: ArgumentHelp("As the gateway's super.users: User:NAME entries separated by ';'.", valueName: "principals"),
        transform: GatewaySettingsOptions.superUsers
    )
    var superUsers: Set<String>?

    @Flag(
        name: .customLong("allow-everyone-if-no-acl-found"),
        help: "As the gateway's allow.everyone.if.no.acl.found=true: a resource no ACL covers is open to everyone."
    )
    var allowEveryoneIfNoAclFound = false

    func validate() throws {
        if config != nil, superUsers != nil || allowEveryoneIfNoAclFound {
            throw ValidationError("--config gives super.users and allow.everyone.if.no.acl.found; drop --super-users and --allow-everyone-if-no-acl-found")
        }
    }

    /// The settings given, the gateway's defaults (no super users, deny without ACLs) when none were.
    func settings() throws -> AuthorizationSettings {
        guard let config else {
            return AuthorizationSettings(superUsers: superUsers ?? [], allowEveryoneIfNoAclFound: allowEveryoneIfNoAclFound)
        }
        let text: String
        do {
            text = try String(contentsOfFile: config, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read \(config): \(error.localizedDescription)")
        }
        do {
            return try GatewayConfiguration(properties: text).authorization
        } catch {
            throw CommandFailure("\(config): \(error)")
        }
    }

    /// Kafka's `super.users` syntax, read by the gateway's own parser; bare names.
    private static func superUsers(_ text: String) throws -> Set<String> {
        do {
            return try AuthorizationSettings.superUsers(parsing: text)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
