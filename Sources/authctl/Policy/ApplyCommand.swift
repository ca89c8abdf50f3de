import ArgumentParser

/// `authctl apply -f`: make the store hold what the policy files declare.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the policy store hold what declarative policy files say: all of it, or nothing.",
        discussion: PolicyFormatHelp.discussion
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var files: PolicyFileOptions

    func run() throws {
        let declared = try files.declaredPolicy()
        let applied = try options.openStore().apply(declared, actor: options.resolvedActor)
        guard !applied.isEmpty else {
            for line in PolicyDriftListing.lines(applied) { print(line) }
            print("nothing to change: the store matches the files")
            return
        }
        for line in PolicyDriftListing.lines(applied) { print(line) }
        print("applied: \(PolicyDriftListing.summary(applied, verbs: ("added", "changed", "removed")))")
    }
}
