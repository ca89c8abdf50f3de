import ArgumentParser
import PolicyStore

/// Where the policy store is and who is changing it: shared by every command that opens the store.
struct PolicyStoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The gateway's data directory (the store is DIR/policy/policy.sqlite).")
    var dataDirectory: String

    @Option(help: "Who to record as making the change (default: the OS user running authctl).")
    var actor: String?

    /// Opens the store, creating the directory and store when missing (before any gateway ran),
    /// and says so on standard error: a mistyped path then shows instead of quietly starting an
    /// empty policy.
    func openStore() throws -> PolicyStore {
        let store = try PolicyStore(dataDirectory: dataDirectory)
        if store.wasCreated {
            StandardError.write("created a new policy store at \(store.databasePath)\n")
        }
        return store
    }

    var resolvedActor: String {
        actor ?? OperatingSystemUser.current
    }
}
