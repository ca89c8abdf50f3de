import ArgumentParser
import Foundation
import PolicyStore

struct UserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user; give it a password with `authctl scram set`.")
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "NAME, without the User: prefix.") var name: String
    @Flag(help: "Allow every operation on every resource, as Kafka's super.users does.") var superUser = false

    func run() throws {
        // Refused before opening, so that refusing it cannot create a store (the store refuses it again).
        try PrincipalName.requireUnreserved(name)
        let principal = try options.openStore().addPrincipal(name, superUser: superUser, actor: options.resolvedActor)
        print("added \(principal.kafkaPrincipal)\(superUser ? " (super user)" : "")")
    }
}

struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users, their state and SCRAM mechanisms.")
    @OptionGroup var options: PolicyStoreOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let snapshot = try options.openStore().snapshot()
        let rows = snapshot.principals.values.sorted { $0.name < $1.name }.map { principal in
            UserListing(principal, mechanisms: snapshot.scramCredentials[principal.name]?.keys.map(\.rawValue).sorted() ?? [])
        }
        print(json ? try JSONOutput.render(rows) : UserListing.table(rows))
    }
}

struct UserRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a user and its credentials.")
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "NAME, without the User: prefix.") var name: String

    func run() throws {
        try options.openStore().removePrincipal(name, actor: options.resolvedActor)
        print("removed User:\(name)")
    }
}

struct UserDisable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a user: it cannot authenticate, and its connections are closed."
    )
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "NAME, without the User: prefix.") var name: String

    func run() throws {
        try options.openStore().setEnabled(false, for: name, actor: options.resolvedActor)
        print("disabled User:\(name)")
    }
}

struct UserEnable: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled user again.")
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "NAME, without the User: prefix.") var name: String

    func run() throws {
        try options.openStore().setEnabled(true, for: name, actor: options.resolvedActor)
        print("enabled User:\(name)")
    }
}
