import ArgumentParser
import Gateway
import PolicyStore

/// `authctl check`: would the gateway allow this request now?
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say whether the gateway would allow a request now, and which rule decides.",
        discussion: """
            Evaluates the policy store's current ACLs and network rules with the gateway's own \
            authorizer, for one principal, from one address, doing one operation on one resource, \
            and prints ALLOW or DENY with what decided: a network rule (it binds every principal, \
            super users included), super user, an ACL (a DENY wins over any ALLOW), or the default \
            deny when no ACL matches. The gateway's super.users and allow.everyone.if.no.acl.found \
            change answers: give its configuration file with --config, or --super-users and \
            --allow-everyone-if-no-acl-found; without them its defaults apply (no super users but \
            the store's, deny without an ACL). A principal that is not an enabled user of the store \
            gets a warning: the gateway would not let it connect.

            Exit status: 0 for ALLOW, 1 for DENY, 2 when there is no answer (an unreadable \
            configuration or store).
            """
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var request: CheckedRequestOptions
    @OptionGroup var gateway: GatewaySettingsOptions
    @Option(help: "text or json.") var output: CheckOutputFormat = .text

    func run() throws {
        try AnswerExitStatus.run {
            let resource = try request.resource()
            let snapshot = try options.openStore().snapshot()
            let authorizer = GatewayPolicy(snapshot, settings: try gateway.settings()).authorizer
            let report = CheckReport(
                decision: authorizer.authorize(user: request.principal, host: request.host, operation: request.operation, resource: resource),
                user: request.principal, host: request.host, operation: request.operation, resource: resource,
                warnings: [SessionAdmission.warning(for: request.principal, in: snapshot)].compactMap { $0 }
            )
            switch output {
            case .text:
                print(report.text)
                for warning in report.warnings { StandardError.write("warning: \(warning)\n") }
            case .json:
                print(try JSONOutput.render(CheckReport.Record(report)))
            }
            return report.decision.allowed
        }
    }
}

