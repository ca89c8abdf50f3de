import ArgumentParser
import Foundation
import PolicyStore

/// `authctl iam user`: IAM users, who authenticate with long-term access keys.
struct IamUserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage IAM users; give one an access key with `authctl iam key create --user NAME`.",
        subcommands: [IamUserAdd.self, IamUserRemove.self, IamUserList.self]
    )
}

struct IamUserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an IAM user.")
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var account: IamAccountOptions
    @Argument(help: "The user name: letters, digits and + = , . @ _ -, at most 64.") var name: String

    func run() throws {
        // Refused before opening, so that refusing it cannot create a store (the store refuses it again).
        if let problem = IamName.problem(with: name, kind: .user) { throw IamStoreError.invalidName(problem) }
        let user = try options.openStore().addIamUser(name, actor: options.resolvedActor)
        print("added IAM user \(account.userArn(user.name))")
    }
}

struct IamUserRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove an IAM user with its access keys and policy attachments."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var account: IamAccountOptions
    @Argument(help: "The user name.") var name: String

    func run() throws {
        try options.openStore().removeIamUser(name, actor: options.resolvedActor)
        print("removed IAM user \(account.userArn(name))")
    }
}

struct IamUserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List IAM users, their keys and attached policies.")
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var account: IamAccountOptions
    @Option(help: "table or json.") var output: OutputFormat = .table

    struct Listing: Encodable {
        struct User: Encodable {
            let UserName: String
            let Arn: String
            let CreateDate: Date
            let AccessKeyIds: [String]
            let AttachedPolicyNames: [String]
        }
        let Users: [User]
    }

    func run() throws {
        let iam = try options.openStore().snapshot().iam
        let users = iam.users.values.sorted { $0.name < $1.name }.map { user in
            Listing.User(
                UserName: user.name, Arn: account.userArn(user.name), CreateDate: user.createdAt,
                AccessKeyIds: iam.accessKeys.values.filter { $0.owner == .user(user.name) }.map(\.accessKeyId).sorted(),
                AttachedPolicyNames: iam.userPolicies[user.name] ?? []
            )
        }
        switch output {
        case .json: print(try JSONOutput.render(Listing(Users: users)))
        case .table:
            print(TextTable.render(
                header: ["USER", "ARN", "KEYS", "POLICIES", "CREATED"],
                rows: users.map { user in
                    [
                        user.UserName, user.Arn, String(user.AccessKeyIds.count),
                        user.AttachedPolicyNames.isEmpty ? "-" : user.AttachedPolicyNames.joined(separator: ","),
                        IamText.time(user.CreateDate),
                    ]
                }
            ))
        }
    }
}

/// `authctl iam role`: IAM roles, assumed through sessions with temporary credentials.
struct IamRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role",
        abstract: "Manage IAM roles; issue credentials for one with `authctl iam session issue --role NAME`.",
        subcommands: [IamRoleAdd.self, IamRoleRemove.self, IamRoleList.self]
    )
}

struct IamRoleAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an IAM role.")
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var account: IamAccountOptions
    @Argument(help: "The role name: letters, digits and + = , . @ _ -, at most 64.") var name: String

    func run() throws {
        if let problem = IamName.problem(with: name, kind: .role) { throw IamStoreError.invalidName(problem) }
        let role = try options.openStore().addIamRole(name, actor: options.resolvedActor)
        print("added IAM role \(account.roleArn(role.name))")
    }
}

struct IamRoleRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove an IAM role with its sessions' credentials and policy attachments."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var account: IamAccountOptions
    @Argument(help: "The role name.") var name: String

    func run() throws {
        try options.openStore().removeIamRole(name, actor: options.resolvedActor)
        print("removed IAM role \(account.roleArn(name))")
    }
}

struct IamRoleList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List IAM roles, their sessions and attached policies.")
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var account: IamAccountOptions
    @Option(help: "table or json.") var output: OutputFormat = .table

    struct Listing: Encodable {
        struct Role: Encodable {
            let RoleName: String
            let Arn: String
            let CreateDate: Date
            let SessionCount: Int
            let AttachedPolicyNames: [String]
        }
        let Roles: [Role]
    }

    func run() throws {
        let iam = try options.openStore().snapshot().iam
        let roles = iam.roles.values.sorted { $0.name < $1.name }.map { role in
            Listing.Role(
                RoleName: role.name, Arn: account.roleArn(role.name), CreateDate: role.createdAt,
                SessionCount: iam.accessKeys.values.filter {
                    if case .roleSession(role.name, _) = $0.owner { true } else { false }
                }.count,
                AttachedPolicyNames: iam.rolePolicies[role.name] ?? []
            )
        }
        switch output {
        case .json: print(try JSONOutput.render(Listing(Roles: roles)))
        case .table:
            print(TextTable.render(
                header: ["ROLE", "ARN", "SESSIONS", "POLICIES", "CREATED"],
                rows: roles.map { role in
                    [
                        role.RoleName, role.Arn, String(role.SessionCount),
                        role.AttachedPolicyNames.isEmpty ? "-" : role.AttachedPolicyNames.joined(separator: ","),
                        IamText.time(role.CreateDate),
                    ]
                }
            ))
        }
    }
}

/// How `iam` commands write times in tables: UTC ISO-8601 to the second, as AWS's CLI shows them.
enum IamText {
    static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
