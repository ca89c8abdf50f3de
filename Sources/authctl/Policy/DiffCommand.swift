import ArgumentParser

/// `authctl diff -f`: what `apply` would change.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show how the policy store differs from declarative policy files: what apply would change.",
        discussion: PolicyFormatHelp.discussion + """


            Exit status: 0 when the store matches the files, 1 when it differs, 2 when there is \
            no answer (an invalid file, an unreadable store).
            """
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var files: PolicyFileOptions

    func run() throws {
        try AnswerExitStatus.run {
            let declared = try files.declaredPolicy()
            let drift = try options.openStore().drift(to: declared)
            guard !drift.isEmpty else {
                for line in PolicyDriftListing.lines(drift) { print(line) }
                print("no drift: the store matches the files")
                return true
            }
            for line in PolicyDriftListing.lines(drift) { print(line) }
            print("drift: \(PolicyDriftListing.summary(drift, verbs: ("to add", "to change", "to remove")))")
            return false
        }
    }
}
