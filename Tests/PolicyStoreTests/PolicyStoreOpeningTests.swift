import Foundation
import PolicyStore
import XCTest

final class PolicyStoreOpeningTests: XCTestCase {
    func testOpeningAnEmptyDirectoryCreatesTheSchemaInWALMode() throws {
        let store = try makeStore()
        let tables = try runSQL("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", on: store.databasePath)
        XCTAssertEqual(tables.status, 0, tables.description)
        XCTAssertEqual(
            tables.standardOutput.split(separator: "\n"),
            [
                "acls", "admin_changes", "client_quotas", "grdb_migrations", "iam_access_keys", "iam_policies", "iam_policy_attachments", "iam_roles",
                "iam_users", "network_rules", "principals", "scram_credentials", "sqlite_sequence", "unknown_user_secret",
            ]
        )
        let journalMode = try runSQL("PRAGMA journal_mode", on: store.databasePath)
        XCTAssertEqual(journalMode.standardOutput, "wal\n", journalMode.description)
    }

    func testDirectoryAndFilesAreOwnerOnly() throws {
        let dataDirectory = try makeDataDirectory()
        let store = try PolicyStore(dataDirectory: dataDirectory)
        try store.addPrincipal("alice", actor: "test")
        XCTAssertEqual(store.databasePath, dataDirectory + "/policy/policy.sqlite")
        XCTAssertEqual(try mode(of: dataDirectory + "/policy"), 0o700)
        for suffix in ["", "-wal", "-shm"] {
            XCTAssertEqual(try mode(of: store.databasePath + suffix), 0o600, "policy.sqlite\(suffix)")
        }
        XCTAssertEqual(try mode(of: dataDirectory + "/policy/open.lock"), 0o600)
    }

    func testAMissingDataDirectoryIsCreatedOwnerOnly() throws {
        let dataDirectory = try makeDataDirectory() + "/nested/data"
        _ = try PolicyStore(dataDirectory: dataDirectory)
        XCTAssertEqual(try mode(of: dataDirectory), 0o700)
        XCTAssertEqual(try mode(of: dataDirectory + "/policy"), 0o700)
    }

    func testOnlyTheOpeningThatCreatesTheDatabaseSaysSo() throws {
        let dataDirectory = try makeDataDirectory()
        XCTAssertTrue(try PolicyStore(dataDirectory: dataDirectory).wasCreated)
        XCTAssertFalse(try PolicyStore(dataDirectory: dataDirectory).wasCreated)
        XCTAssertTrue(try PolicyStore(dataDirectory: dataDirectory + "/missing/data").wasCreated)
    }

    func testReopeningKeepsWhatWasStored() throws {
        let dataDirectory = try makeDataDirectory()
        let added = try PolicyStore(dataDirectory: dataDirectory).addPrincipal("alice", superUser: true, actor: "test")
        let reopened = try PolicyStore(dataDirectory: dataDirectory)
        XCTAssertEqual(try reopened.listPrincipals(), [added])
    }

    func testTheUnknownUserSecretIsMadeOnceAndKept() throws {
        let dataDirectory = try makeDataDirectory()
        let first = try PolicyStore(dataDirectory: dataDirectory).snapshot().unknownUserSecret
        try PolicyStore(dataDirectory: dataDirectory).addPrincipal("alice", actor: "test")
        XCTAssertEqual(try PolicyStore(dataDirectory: dataDirectory).snapshot().unknownUserSecret, first)
        XCTAssertNotEqual(try makeStore().snapshot().unknownUserSecret, first, "another store draws its own")
        XCTAssertEqual(first.bitCount, 256)
    }

    func testRefusesAPolicyDirectoryOthersCanRead() throws {
        let dataDirectory = try makeDataDirectory()
        XCTAssertEqual(mkdir(dataDirectory + "/policy", 0o755), 0)
        XCTAssertEqual(chmod(dataDirectory + "/policy", 0o750), 0)
        XCTAssertThrowsPolicyStoreError(.insecurePermissions(path: dataDirectory + "/policy", mode: 0o750)) {
            try PolicyStore(dataDirectory: dataDirectory)
        }
    }

    func testRefusesADatabaseFileOthersCanRead() throws {
        let dataDirectory = try makeDataDirectory()
        let path = try PolicyStore(dataDirectory: dataDirectory).databasePath
        XCTAssertEqual(chmod(path, 0o644), 0)
        XCTAssertThrowsPolicyStoreError(.insecurePermissions(path: path, mode: 0o644)) {
            try PolicyStore(dataDirectory: dataDirectory)
        }
    }

    func testADataDirectoryThatCannotExistIsAClearError() throws {
        let file = try makeDataDirectory() + "/file"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data()))
        do {
            _ = try PolicyStore(dataDirectory: file + "/data")
            XCTFail("opened a store under a regular file")
        } catch {
            guard case .storageUnavailable(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, file + "/data")
        }
    }

    func testRefusesASchemaFromANewerVersion() throws {
        let dataDirectory = try makeDataDirectory()
        let path = try PolicyStore(dataDirectory: dataDirectory).databasePath
        let insert = try runSQL("INSERT INTO grdb_migrations (identifier) VALUES ('99-from-the-future')", on: path)
        XCTAssertEqual(insert.status, 0, insert.description)
        XCTAssertThrowsPolicyStoreError(.schemaNewerThanThisVersion(path: path)) {
            try PolicyStore(dataDirectory: dataDirectory)
        }
    }

    func testAFileThatIsNotADatabaseIsRefusedByName() throws {
        let dataDirectory = try makeDataDirectory()
        let path = try PolicyStore(dataDirectory: dataDirectory).databasePath
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsPolicyStoreError(.unreadableDatabase(path: path, code: 26, message: "file is not a database")) {
            try PolicyStore(dataDirectory: dataDirectory)
        }
    }

    func testADatabaseCutShortIsRefusedByName() throws {
        let dataDirectory = try makeDataDirectory()
        let databasePath = try {
            let store = try PolicyStore(dataDirectory: dataDirectory)
            try store.addPrincipal("alice", actor: "test")
            return store.databasePath
        }()  // closed: the last connection to close moves the WAL into the database file
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: databasePath)[.size] as? Int)
        XCTAssertEqual(truncate(databasePath, off_t(size / 2)), 0)
        do {
            _ = try PolicyStore(dataDirectory: dataDirectory)
            XCTFail("opened a store cut to half its size")
        } catch {
            guard case .unreadableDatabase(let path, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, databasePath)
            XCTAssertTrue(error.description.contains("restore it from a backup"), error.description)
        }
    }

    func testADatabaseCutToNothingIsRefusedNotTakenForANewStore() throws {
        let dataDirectory = try makeDataDirectory()
        let path = try PolicyStore(dataDirectory: dataDirectory).databasePath
        XCTAssertEqual(truncate(path, 0), 0)
        XCTAssertThrowsPolicyStoreError(.emptyDatabase(path: path)) {
            try PolicyStore(dataDirectory: dataDirectory)
        }
    }

    func testStoresOpeningAFreshDirectoryAtOnceAllSucceed() throws {
        // Each opener may find the schema missing and race to create it; all must end up with it.
        for _ in 0..<5 {
            let dataDirectory = try makeDataDirectory()
            let failures = FailureList()
            DispatchQueue.concurrentPerform(iterations: 4) { index in
                do {
                    try PolicyStore(dataDirectory: dataDirectory).addPrincipal("user\(index)", actor: "test")
                } catch {
                    failures.append("\(error)")
                }
            }
            XCTAssertEqual(failures.all, [])
            XCTAssertEqual(try PolicyStore(dataDirectory: dataDirectory).listPrincipals().count, 4)
        }
    }

    private func mode(of path: String) throws -> UInt16 {
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        return try XCTUnwrap(permissions).uint16Value
    }
}

/// Values collected from concurrent work.
final class ResultList<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [Element] = []

    func append(contentsOf newElements: [Element]) {
        lock.withLock { elements.append(contentsOf: newElements) }
    }

    var all: [Element] { lock.withLock { elements } }
}

/// Errors collected from concurrent work.
typealias FailureList = ResultList<String>

extension ResultList<String> {
    func append(_ failure: String) {
        append(contentsOf: [failure])
    }
}
