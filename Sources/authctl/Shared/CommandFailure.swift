/// A failure explained in the CLI's own words (ArgumentParser prints `description`).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
