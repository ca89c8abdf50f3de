import ArgumentParser
import Authorization
import Foundation
import Gateway
import PolicyStore

/// `authctl check`: would the gateway allow this request now?
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say whether the gateway would allow a request now, and which rule decides.",
        discussion: """
            Evaluates the policy store's current ACLs, network rules and IAM policies with the \
            gateway's own authorizer, for one principal, from one address, doing one operation on \
            one resource, and prints ALLOW or DENY with what decided: a network rule (it binds every \
            principal, super users included), super user, an ACL (a DENY wins over any ALLOW), or the \
            default deny when no ACL matches. The gateway's super.users and \
            allow.everyone.if.no.acl.found change answers: give its configuration file with --config, \
            or --super-users and --allow-everyone-if-no-acl-found; without them its defaults apply \
            (no super users but the store's, deny without an ACL). A principal that is not an enabled \
            user of the store gets a warning: the gateway would not let it connect.

            IAM principals: give the ARN a client authenticated with AWS_MSK_IAM gets, \
            arn:aws:iam::ACCOUNT:user/NAME or arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION (User: \
            optional), and the operation or the IAM action (--action kafka-cluster:WriteData, on a \
            resource of its type). The policies attached to the user (to the role, for a session) \
            decide with the ACLs as the gateway decides: an explicit Deny of the action, of an action \
            it requires on the same resource (WriteData needs DescribeTopic) or of Connect wins; \
            else all of them allowed allows; else an ACL for User:<ARN>; else the default deny, \
            naming the action no policy allows. The answer names the policy, the statement (its Sid, \
            or #index from 0) and the action. The account, region and cluster the ARNs name are the \
            gateway's iam.* settings (from --config; defaults otherwise); an ARN of another account \
            has no answer. A user or role missing from the store, a user without an active access \
            key, or a role without a live session of that name gets a warning.

            Exit status: 0 for ALLOW, 1 for DENY, 2 when there is no answer (an IAM ARN of another \
            account or of another shape, an unreadable \
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
            let operation = try request.requestedOperation()
            let snapshot = try options.openStore().snapshot()
            let policy = GatewayPolicy(snapshot, settings: try gateway.settings())
            let report: CheckReport
            if request.isIamPrincipal {
                guard let principal = policy.iamPrincipal(forArn: request.principal), let subject = policy.iamSubject(forPrincipalArn: request.principal)
                else {
                    let account = policy.iamCluster.accountId
                    throw CommandFailure(
                        "\(request.principal) is not an IAM principal of account \(account): give arn:aws:iam::\(account):user/NAME or "
                            + "arn:aws:sts::\(account):assumed-role/ROLE/SESSION (the gateway's iam.account.id sets the account; pass its --config)"
                    )
                }
                let now = IamTimestamp(secondsSince1970: Date().timeIntervalSince1970)
                report = CheckReport(
                    decision: policy.authorizer.authorize(iam: subject, host: request.host, operation: operation, resource: resource, now: now),
                    user: request.principal, host: request.host, operation: operation, resource: resource,
                    iamAction: IamAction(operation: operation, resourceType: resource.resourceType),
                    warnings: [SessionAdmission.warning(for: principal, in: snapshot.iam)].compactMap { $0 }
                )
            } else {
                report = CheckReport(
                    decision: policy.authorizer.authorize(user: request.principal, host: request.host, operation: operation, resource: resource),
                    user: request.principal, host: request.host, operation: operation, resource: resource, iamAction: nil,
                    warnings: [SessionAdmission.warning(for: request.principal, in: snapshot)].compactMap { $0 }
                )
            }
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

