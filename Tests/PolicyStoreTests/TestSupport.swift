import Authentication
import Foundation
import PolicyStore
import XCTest

extension XCTestCase {
    /// A fresh data directory, removed after the test.
    func makeDataDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/portcullis-policy-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: try XCTUnwrap(created))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func makeStore() throws -> PolicyStore {
        try PolicyStore(dataDirectory: try makeDataDirectory())
    }

    func XCTAssertThrowsPolicyStoreError<T>(
        _ expected: PolicyStoreError, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws -> T
    ) {
        do {
            _ = try body()
            XCTFail("expected \(expected), nothing was thrown", file: file, line: line)
        } catch {
            XCTAssertEqual(error as? PolicyStoreError, expected, file: file, line: line)
        }
    }
}

/// A credential derived at the minimum cost, for tests that only need a valid one.
func testCredential(_ mechanism: ScramMechanism = .sha512, password: String = "pencil") throws -> ScramCredential {
    try ScramCredential.derive(
        mechanism: mechanism, password: Array(password.utf8), salt: Array("salt-\(mechanism.rawValue)".utf8),
        iterations: ScramMechanism.minimumIterations
    )
}

/// How a child process ended, with what it printed.
struct ProcessOutcome: CustomStringConvertible {
    var status: Int32
    var standardOutput: String
    var standardError: String

    var description: String { "exit \(status)\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)" }
}

/// Runs a program to completion with `input` on its standard input. Output goes through
/// temporary files, so a chatty child never blocks on a full pipe.
func runProcess(_ executable: URL, _ arguments: [String], input: String = "") throws -> ProcessOutcome {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portcullis-process-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outputURL = directory.appendingPathComponent("stdout")
    let errorURL = directory.appendingPathComponent("stderr")
    for url in [outputURL, errorURL] {
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
    }
    let output = try FileHandle(forWritingTo: outputURL)
    let error = try FileHandle(forWritingTo: errorURL)
    defer {
        try? output.close()
        try? error.close()
    }
    let stdin = Pipe()
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardInput = stdin
    process.standardOutput = output
    process.standardError = error
    try process.run()
    try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    return ProcessOutcome(
        status: process.terminationStatus,
        standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
        standardError: try String(contentsOf: errorURL, encoding: .utf8)
    )
}

/// The `authctl` built next to this test bundle. Tests that need it fail when it is missing:
/// `swift build --build-tests` builds it too.
func authctlExecutable() throws -> URL {
    let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("authctl")
    guard FileManager.default.isExecutableFile(atPath: url.path) else {
        throw MissingExecutable(path: url.path)
    }
    return url
}

struct MissingExecutable: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(path) is missing: build it (`swift build --build-tests` does)" }
}

/// Runs SQL on the database from a separate process (Python's sqlite3), as an operator
/// with `sqlite3` would, bypassing the store's API (foreign keys enforced, as the store does).
func runSQL(_ sql: String, on databasePath: String) throws -> ProcessOutcome {
    let script = """
        import sqlite3, sys
        connection = sqlite3.connect(sys.argv[1], isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        for row in connection.execute(sys.argv[2]):
            print("|".join(str(value) for value in row))
        """
    return try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, databasePath, sql])
}
