import Foundation
import GRDB

/// The embedded policy database at `DATA_DIR/policy/policy.sqlite`: principals and their
/// SCRAM credentials, ACLs and topic network rules (later IAM keys and policies). Processes share it
/// through SQLite's WAL mode — the gateway reads, `authctl` writes — and every change is
/// recorded in `admin_changes` in the same transaction as the change itself.
///
/// Calls are synchronous and short; the gateway should not call them on an event loop but
/// serve from a ``PolicySnapshot`` delivered by ``snapshots(pollingEvery:)``.
public final class PolicyStore: Sendable {
    /// How long a writer waits for another process's transaction before failing.
    static let busyTimeout: TimeInterval = 5

    public let databasePath: String
    /// Whether opening created the database: a tool can say so, since a mistyped data
    /// directory would otherwise quietly start an empty policy.
    public let wasCreated: Bool
    let pool: DatabasePool

    /// Opens the store under `dataDirectory`, creating it and migrating its schema as needed.
    public init(dataDirectory: String) throws(PolicyStoreError) {
        let directory = try PolicyFiles.prepareDirectory(dataDirectory: dataDirectory)
        (databasePath, wasCreated, pool) = try OpeningLock.withLock(in: directory) { () throws(PolicyStoreError) in
            let (path, created) = try PolicyFiles.prepareDatabaseFile(in: directory)
            let pool: DatabasePool
            do {
                pool = try DatabasePool(path: path, configuration: Self.connectionConfiguration())
                // GRDB sets NORMAL for WAL, where a commit can be lost on power failure; a removed
                // user must not come back, so every commit is synced. Only the writer writes.
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            } catch {
                throw PolicyStoreError(wrapping: error, database: path)
            }
            try Self.migrate(pool, path: path)
            return (path, created, pool)
        }
    }

    static func connectionConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "PolicyStore"
        return configuration
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws(PolicyStoreError) {
        let migrator = PolicySchema.migrator
        do {
            if try pool.read(migrator.hasBeenSuperseded) {
                throw PolicyStoreError.schemaNewerThanThisVersion(path: path)
            }
            try migrator.migrate(pool)
        } catch {
            throw PolicyStoreError(wrapping: error, database: path)
        }
    }

    func write<T>(_ updates: (Database) throws -> T) throws(PolicyStoreError) -> T {
        do {
            return try pool.write(updates)
        } catch {
            throw PolicyStoreError(wrapping: error, database: databasePath)
        }
    }

    func read<T>(_ value: (Database) throws -> T) throws(PolicyStoreError) -> T {
        do {
            return try pool.read(value)
        } catch {
            throw PolicyStoreError(wrapping: error, database: databasePath)
        }
    }
}
