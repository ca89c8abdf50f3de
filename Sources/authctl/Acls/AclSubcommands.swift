import ArgumentParser
import Authorization
import PolicyFiles
import PolicyStore

struct AclAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add ACLs, all or none; one that exists already is left as it is."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var resources: AclResourceOptions
    @OptionGroup var entries: AclEntryOptions

    /// While parsing, so that a mistake is answered with this command's usage.
    func validate() throws {
        _ = try AclRequest(resources: resources, entries: entries).bindingsToAdd()
    }

    func run() throws {
        let bindings = try AclRequest(resources: resources, entries: entries).bindingsToAdd()
        let added = Set(try options.openStore().addAcls(bindings, actor: options.resolvedActor))
        print(AclListing.text(bindings, heading: "Adding ACLs for resource") { added.contains($0) ? nil : "already present" }, terminator: "")
    }
}

struct AclRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove the ACLs the options select, after confirmation on standard input unless --force."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var resources: AclResourceOptions
    @OptionGroup var entries: AclEntryOptions
    @Flag(help: "Remove without asking, as kafka-acls.sh --force does.") var force = false

    /// While parsing, so that a mistake is answered with this command's usage.
    func validate() throws {
        _ = try AclRequest(resources: resources, entries: entries)
    }

    func run() throws {
        let request = try AclRequest(resources: resources, entries: entries)
        let store = try options.openStore()
        let removed: [AclBinding]
        if force {
            removed = try store.removeAcls(actor: options.resolvedActor, where: request.selects)
        } else {
            let selected = try store.listAcls().filter(request.selects)
            if !selected.isEmpty { try RemovalConfirmation.confirm(selected) }
            // Exactly what was confirmed: an ACL added meanwhile that the options would select stays.
            removed = try store.removeAcls(selected, actor: options.resolvedActor)
        }
        print(removed.isEmpty ? "no ACL matched; nothing removed\n" : AclListing.text(removed, heading: "Removed ACLs for resource"), terminator: "")
    }
}

struct AclList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List ACLs: all of them, or those of the named resources and principals."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var resources: AclResourceOptions
    @Option(
        name: .customLong("principal"),
        help: ArgumentHelp("Only the ACLs of this User:NAME or User:* (repeatable).", valueName: "principal"),
        transform: AclArgumentParsing.principal
    )
    var principals: [AclPrincipal] = []
    @Option(help: "table (kafka-acls.sh's layout) or json.") var output: OutputFormat = .table

    /// While parsing, so that a mistake is answered with this command's usage.
    func validate() throws {
        _ = try resources.filters()
    }

    func run() throws {
        let filters = try resources.filters()
        let acls = try options.openStore().listAcls().filter { binding in
            (filters.isEmpty || filters.contains { $0.matches(binding.pattern) })
                && (principals.isEmpty || principals.contains(binding.entry.principal))
        }
        switch output {
        case .table: print(AclListing.text(acls, heading: "Current ACLs for resource"), terminator: "")
        case .json: print(try JSONOutput.render(acls.map(AclListing.Record.init)))
        }
    }
}
