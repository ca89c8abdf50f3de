#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// Creates `DATA_DIR/policy/` (0700) and `policy.sqlite` (0600) before SQLite opens them,
/// and refuses existing ones that are not this user's alone. SQLite gives its `-wal` and
/// `-shm` files the database file's mode.
enum PolicyFiles {
    /// Creates the policy directory (and the data directory, 0700) as needed and returns its path.
    static func prepareDirectory(dataDirectory: String) throws(PolicyStoreError) -> String {
        let directory = dataDirectory + "/policy"
        try translatingErrors { () throws(SecureFileError) in
            try SecureFile.makeDirectories(directory)
            try SecureFile.requireOwnerOnly(directory)
        }
        return directory
    }

    /// Creates the (empty) database file as needed; returns its path and whether this call created it.
    /// Refuses an empty file this call did not create: the first opening switches a new database to
    /// WAL, which writes its first page at once, so an empty one was cut short, and SQLite would
    /// take it for a new, empty policy. Called under the ``OpeningLock``.
    static func prepareDatabaseFile(in directory: String) throws(PolicyStoreError) -> (path: String, created: Bool) {
        let path = directory + "/policy.sqlite"
        var created = false
        var empty = false
        try translatingErrors { () throws(SecureFileError) in
            if !SecureFile.exists(path) {
                // False when another opener created it first, which is as good.
                created = try SecureFile.createIfAbsent(path, with: [])
            }
            try SecureFile.requireOwnerOnly(path)
            empty = try FileIdentity.current(at: path)?.size == 0
        }
        guard created || !empty else { throw .emptyDatabase(path: path) }
        return (path, created)
    }

    private static func translatingErrors(_ body: () throws(SecureFileError) -> Void) throws(PolicyStoreError) {
        do throws(SecureFileError) {
            try body()
        } catch {
            switch error {
            case .insecurePermissions(let path, let mode):
                throw .insecurePermissions(path: path, mode: mode)
            case .system(let operation, let path, let code):
                throw .storageUnavailable(path: path, reason: "cannot \(operation): \(String(cString: strerror(code)))")
            case .missing, .notARegularFile, .notOwnedByUser, .tooLarge:
                throw .storageUnavailable(path: error.path, reason: "\(error)")
            }
        }
    }
}
