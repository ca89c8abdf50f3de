import ArgumentParser
import Foundation
import PolicyStore

/// `authctl iam session`: temporary credentials for a role (`ASIA…` with a session token), as STS's AssumeRole issues them.
struct IamSessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Issue, list and revoke role sessions' temporary credentials.",
        discussion: """
            Credentials last 1s to 12h (STS allows 15m to 12h; shorter ones rehearse an expiry). Expired ones are refused by the gateway and kept, listed as \
            expired, until `purge` removes them.
            """,
        subcommands: [IamSessionIssue.self, IamSessionList.self, IamSessionRevoke.self, IamSessionPurge.self]
    )
}

/// A session's length: `1h`, `90m`, `1h30m`, `900s`, or plain seconds.
struct IamSessionDuration {
    let seconds: Int

    init?(_ argument: String) {
        if let plain = Int(argument) {
            seconds = plain
            return
        }
        var total = 0
        var number = ""
        for character in argument {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            let unit = switch character {
            case "h": 3600
            case "m": 60
            case "s": 1
            default: 0
            }
            guard unit > 0, let value = Int(number), value <= 1_000_000 else { return nil }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0 else { return nil }
        seconds = total
    }
}

struct IamSessionIssue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "Issue temporary credentials for a role session and print them, once."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var sealing: IamSealingKeyOptions
    @OptionGroup var account: IamAccountOptions
    @Option(help: "The IAM role to assume.") var role: String
    @Option(help: "How long the credentials last, 1s to 12h (e.g. 1h, 90m, 3600s; STS allows 15m and up).") var duration = "1h"
    @Option(help: "The role session name (default: authctl-<UTC time>).") var sessionName: String?
    @Option(help: "table or json (STS's AssumeRole response).") var output: OutputFormat = .table

    /// STS's AssumeRole response.
    struct Issued: Encodable {
        struct Credentials: Encodable {
            let AccessKeyId: String
            let SecretAccessKey: String
            let SessionToken: String
            let Expiration: Date
        }
        struct AssumedRoleUser: Encodable {
            let AssumedRoleId: String
            let Arn: String
        }
        let Credentials: Credentials
        let AssumedRoleUser: AssumedRoleUser
    }

    func validate() throws {
        guard let seconds = IamSessionDuration(duration)?.seconds else {
            throw CommandFailure("--duration must be like 1h, 90m, 1h30m or 3600s")
        }
        guard PolicyStore.iamSessionDurations.contains(seconds) else {
            throw CommandFailure("--duration must be 1s to 12h, not \(seconds) seconds")
        }
    }

    func run() async throws {
        let now = Date()
        // e.g. authctl-20261207T151331Z: the time without its - and : (which session names may not hold).
        let name = sessionName ?? "authctl-" + String(IamText.time(now).filter { $0 != "-" && $0 != ":" })
        if let problem = IamName.problem(with: name, kind: .sessionName) { throw IamStoreError.invalidName(problem) }
        let store = try options.openStore()
        // An unknown role is refused before the KMS is reached (and again when writing).
        _ = try store.listIamSessions(role: role)
        let issued = try await sealing.withSealingKey(gatewayDataDirectory: options.dataDirectory) { service in
            try await store.issueIamSession(
                role: role, sessionName: name, durationSeconds: IamSessionDuration(duration)!.seconds, sealingKeyId: sealing.keyId,
                keyService: service, actor: options.resolvedActor, now: now
            )
        }
        let arn = account.assumedRoleArn(role: role, session: name)
        switch output {
        case .json:
            print(try JSONOutput.render(Issued(
                Credentials: .init(
                    AccessKeyId: issued.accessKey.accessKeyId, SecretAccessKey: issued.secretAccessKey,
                    SessionToken: issued.sessionToken, Expiration: issued.expiration
                ),
                // Portcullis has no role ids: the role's name stands in for AWS's AROA… id.
                AssumedRoleUser: .init(AssumedRoleId: "\(role):\(name)", Arn: arn)
            )))
        case .table:
            print(TextTable.render(
                header: ["AccessKeyId", issued.accessKey.accessKeyId],
                rows: [
                    ["SecretAccessKey", issued.secretAccessKey], ["SessionToken", issued.sessionToken],
                    ["Expiration", IamText.time(issued.expiration)], ["Arn", arn],
                ]
            ))
        }
        StandardError.write("the secret access key and session token are shown only this once\n")
    }
}

struct IamSessionList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List role sessions' credentials, expired ones included (never their secrets or tokens)."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var account: IamAccountOptions
    @Option(help: "Only this role's sessions.") var role: String?
    @Option(help: "table or json.") var output: OutputFormat = .table

    struct Listing: Encodable {
        struct Session: Encodable {
            let AccessKeyId: String
            let RoleName: String
            let RoleSessionName: String
            let Arn: String
            let Status: String
            let CreateDate: Date
            let Expiration: Date
            let Expired: Bool
        }
        let Sessions: [Session]
    }

    func run() throws {
        let now = Date()
        let sessions = try options.openStore().listIamSessions(role: role).compactMap { key -> Listing.Session? in
            guard case .roleSession(let role, let session) = key.owner, let expiration = key.expiresAt else { return nil }
            return Listing.Session(
                AccessKeyId: key.accessKeyId, RoleName: role, RoleSessionName: session,
                Arn: account.assumedRoleArn(role: role, session: session), Status: key.status.rawValue,
                CreateDate: key.createdAt, Expiration: expiration, Expired: key.isExpired(at: now)
            )
        }
        switch output {
        case .json: print(try JSONOutput.render(Listing(Sessions: sessions)))
        case .table:
            print(TextTable.render(
                header: ["ACCESS KEY ID", "ROLE", "SESSION", "STATE", "EXPIRES"],
                rows: sessions.map {
                    [$0.AccessKeyId, $0.RoleName, $0.RoleSessionName, $0.Expired ? "EXPIRED" : $0.Status, IamText.time($0.Expiration)]
                }
            ))
        }
    }
}

struct IamSessionRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Delete session credentials before they expire: one by id, or every session of --role."
    )
    @OptionGroup var options: PolicyStoreOptions
    @Option(help: "Revoke every session of this role.") var role: String?
    @Argument(help: "The session's access key id (ASIA…).") var accessKeyId: String?

    func validate() throws {
        guard (role == nil) != (accessKeyId == nil) else { throw CommandFailure("give an access key id or --role, not both") }
    }

    func run() throws {
        let store = try options.openStore()
        if let accessKeyId {
            try store.revokeIamSession(accessKeyId, actor: options.resolvedActor)
            print("revoked session credentials \(accessKeyId)")
        } else if let role {
            let revoked = try store.revokeIamSessions(role: role, actor: options.resolvedActor)
            print("revoked \(revoked.count) session\(revoked.count == 1 ? "" : "s") of IAM role \(role)")
        }
    }
}

struct IamSessionPurge: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purge", abstract: "Remove the credentials of every expired session.")
    @OptionGroup var options: PolicyStoreOptions

    func run() throws {
        let purged = try options.openStore().purgeExpiredIamSessions(actor: options.resolvedActor)
        print("removed \(purged.count) expired session\(purged.count == 1 ? "" : "s")")
    }
}
