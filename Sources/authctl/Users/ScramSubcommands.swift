import ArgumentParser
import Authentication
import PolicyStore
import SecretHandling

struct ScramSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a user's SCRAM password for one mechanism, read as one line of standard input."
    )
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "NAME, without the User: prefix.") var user: String
    @Option(help: "SCRAM-SHA-512 or SCRAM-SHA-256.") var mechanism: ScramMechanism
    @Flag(help: "Read the password from standard input (required: passwords never go on the command line).")
    var passwordStdin = false
    @Option(help: """
        PBKDF2 iterations, \(ScramMechanism.minimumIterations) to \(ScramMechanism.maximumIterations) \
        (default: \(ScramMechanism.allCases.map { "\($0.defaultIterations) for \($0.rawValue)" }.joined(separator: ", "))). \
        Unknown users are answered with the default, so other counts tell this user apart from them.
        """)
    var iterations: Int?

    func validate() throws {
        guard passwordStdin else {
            throw ValidationError("pass the password on standard input with --password-stdin")
        }
        if let iterations, !(ScramMechanism.minimumIterations...ScramMechanism.maximumIterations).contains(iterations) {
            throw ValidationError("--iterations must be \(ScramMechanism.minimumIterations) to \(ScramMechanism.maximumIterations)")
        }
    }

    func run() throws {
        // Check the name, then open the store, before anyone types a password: a reserved name is refused
        // without creating a store (the store refuses it again when storing), and a new store is announced.
        try PrincipalName.requireUnreserved(user)
        let store = try options.openStore()
        var password = try PasswordInput.readLine()
        defer { SecretBytes.zero(&password) }
        let credential = try ScramCredential.generate(mechanism: mechanism, password: password, iterations: iterations)
        try store.setScramCredential(credential, for: user, actor: options.resolvedActor)
        print("set \(mechanism.rawValue) credential for User:\(user) (\(credential.iterations) iterations)")
    }
}

struct ScramDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a user's SCRAM credential for one mechanism.")
    @OptionGroup var options: PolicyStoreOptions
    @Argument(help: "NAME, without the User: prefix.") var user: String
    @Option(help: "SCRAM-SHA-512 or SCRAM-SHA-256.") var mechanism: ScramMechanism

    func run() throws {
        try options.openStore().deleteScramCredential(mechanism, for: user, actor: options.resolvedActor)
        print("deleted \(mechanism.rawValue) credential of User:\(user)")
    }
}
