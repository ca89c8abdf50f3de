import ArgumentParser
import PolicyFiles
import PolicyStore

/// `-f`: the declarative policy `apply` and `diff` read.
struct PolicyFileOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("file")],
        help: ArgumentHelp(
            "A policy file, or a directory whose *.yaml and *.yml files are read in name order, with the IAM policy documents of its iam/*.json (repeatable).",
            valueName: "path"
        )
    )
    var paths: [String]

    /// Every file read and checked (``PolicyFileSet/declaredPolicy(paths:)``).
    func declaredPolicy() throws -> DeclaredPolicy {
        try PolicyFileSet.declaredPolicy(paths: paths)
    }
}
