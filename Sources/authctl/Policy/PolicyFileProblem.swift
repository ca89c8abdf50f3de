/// One thing wrong in a policy file, where it is.
struct PolicyFileProblem: CustomStringConvertible {
    let location: SourceLocation
    let message: String

    var description: String { "\(location): \(message)" }
}

/// Why a set of policy files was refused: every problem found, one per line, each line starting
/// with its `file:line:column`.
struct PolicyFilesRefused: Error, CustomStringConvertible {
    let problems: [PolicyFileProblem]

    var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["\(count) in the policy files; nothing was changed:"] + problems.map(\.description)).joined(separator: "\n")
    }
}
