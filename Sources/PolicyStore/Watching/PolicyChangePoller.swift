import GRDB

/// One dedicated connection that notices commits from any connection or process:
/// `PRAGMA data_version` changes on it whenever another connection has committed,
/// which GRDB's observation cannot see for other processes. It never writes.
final class PolicyChangePoller {
    private let connection: DatabaseQueue
    private let databasePath: String
    private var lastVersion: Int?
    private var lastSnapshot: PolicySnapshot?

    init(databasePath: String) throws(PolicyStoreError) {
        var configuration = PolicyStore.connectionConfiguration()
        configuration.label = "PolicyStore watcher"
        self.databasePath = databasePath
        do {
            connection = try DatabaseQueue(path: databasePath, configuration: configuration)
        } catch {
            throw PolicyStoreError(wrapping: error, database: databasePath)
        }
    }

    /// A new snapshot when something was committed since the last call and the policy differs; nil otherwise.
    /// The first call always returns one.
    func poll() throws(PolicyStoreError) -> PolicySnapshot? {
        do {
            let version = try connection.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
            guard version != lastVersion else { return nil }
            // A commit landing after the version was read shows up here and again on the next
            // poll; comparing with the last snapshot keeps it from being delivered twice.
            lastVersion = version
            let snapshot = try connection.read(PolicySnapshot.load)
            guard snapshot != lastSnapshot else { return nil }
            lastSnapshot = snapshot
            return snapshot
        } catch {
            throw PolicyStoreError(wrapping: error, database: databasePath)
        }
    }
}
