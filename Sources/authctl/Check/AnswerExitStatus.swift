import ArgumentParser

/// The exit status of a command whose status is its answer, as diff(1)'s is: 0 yes, 1 no, and 2
/// when it could not answer, so that a script never takes a failure (an unreadable file, a
/// missing store) for the answer "no". `check` answers whether a request is allowed; `diff`,
/// whether the store matches the files.
enum AnswerExitStatus {
    static func run(_ answer: () throws -> Bool) throws {
        let yes: Bool
        do {
            yes = try answer()
        } catch {
            StandardError.write("Error: \(error)\n")
            throw ExitCode(2)
        }
        if !yes { throw ExitCode(1) }
    }
}
