/// One thing wrong in a policy file, where it is.
public struct PolicyFileProblem: CustomStringConvertible, Sendable {
    public let location: SourceLocation
    public let message: String

    public var description: String { "\(location): \(message)" }
}

/// Why a set of policy files was refused: every problem found, one per line, each line starting
/// with its `file:line:column`.
public struct PolicyFilesRefused: Error, CustomStringConvertible {
    public let problems: [PolicyFileProblem]

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["\(count) in the policy files; nothing was changed:"] + problems.map(\.description)).joined(separator: "\n")
    }
}
