import ArgumentParser
import Foundation
import PolicyStore

/// Where the policy store is and who is changing it: shared by `authctl user` and `authctl scram`.
struct PolicyStoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The gateway's data directory (the store is DIR/policy/policy.sqlite).")
    var dataDirectory: String

    @Option(help: "Who to record as making the change (default: the OS user running authctl).")
    var actor: String?

    /// Opens the store in an existing data directory: a mistyped path must not quietly start an empty store.
    func openStore() throws -> PolicyStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PolicyStoreError.storageUnavailable(path: dataDirectory, reason: "no such directory")
        }
        return try PolicyStore(dataDirectory: dataDirectory)
    }

    var resolvedActor: String {
        actor ?? OperatingSystemUser.current
    }
}
