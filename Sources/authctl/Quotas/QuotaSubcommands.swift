import ArgumentParser
import PolicyStore

struct QuotaSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set one or more quota values of a user or an address (in one change); other keys are left as they are."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var entityOptions: QuotaEntityOptions
    @OptionGroup var valueOptions: QuotaValueOptions

    func run() throws {
        guard let entity = try entityOptions.entity() else { return }
        let values = valueOptions.values
        guard !values.isEmpty else {
            let flags = entity.allowedKeys.map { "--" + $0.rawValue.replacingOccurrences(of: "_", with: "-") }
            throw ValidationError("give a value to set: \(flags.joined(separator: ", "))")
        }
        for key in values.keys.sorted() where !entity.allowedKeys.contains(key) {
            let flags = entity.allowedKeys.map { "--" + $0.rawValue.replacingOccurrences(of: "_", with: "-") }
            throw ValidationError(
                "--\(key.rawValue.replacingOccurrences(of: "_", with: "-")) is not a quota of \(entity.entityType) entities; give \(flags.joined(separator: ", "))"
            )
        }
        let changes = try options.openStore().setQuotas(values, of: entity, actor: options.resolvedActor)
        if changes.isEmpty {
            print("\(entity) has these values already; nothing changed")
        }
        for change in changes {
            print("set \(change)")
        }
    }
}

struct QuotaRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove quota values of a user or an address: the keys flagged, or all of them when none is."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var entityOptions: QuotaEntityOptions
    @OptionGroup var keyFlags: QuotaKeyFlags

    func run() throws {
        guard let entity = try entityOptions.entity() else { return }
        if let keys = keyFlags.keys, let foreign = keys.subtracting(entity.allowedKeys).min() {
            throw ValidationError("\(foreign.rawValue) is not a quota of \(entity.entityType) entities")
        }
        let changes = try options.openStore().removeQuotas(keyFlags.keys, of: entity, actor: options.resolvedActor)
        guard !changes.isEmpty else {
            let what = keyFlags.keys.map { $0.map(\.rawValue).sorted().joined(separator: ", ") } ?? "quota"
            throw CommandFailure("\(entity) has no \(what) to remove; nothing changed")
        }
        for change in changes {
            print("removed \(change)")
        }
    }
}

struct QuotaList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the client quotas, all of them or one entity's."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var entityOptions: QuotaEntityOptions
    @Option(help: "table or json.") var output: OutputFormat = .table

    func run() throws {
        let quotas = try options.openStore().listQuotas(of: try entityOptions.entity(optional: true))
        switch output {
        case .table: print(QuotaListing.table(quotas))
        case .json: print(try JSONOutput.render(QuotaListing.records(quotas)))
        }
    }
}
