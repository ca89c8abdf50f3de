import Foundation
import XCTest

/// How a run of `authctl` ended, with what it printed.
struct AuthctlOutcome: CustomStringConvertible {
    var status: Int32
    var standardOutput: String
    var standardError: String

    var description: String { "exit \(status)\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)" }
}

/// Runs the `authctl` built next to this test bundle to completion.
func runAuthctl(_ arguments: [String], in directory: String) throws -> AuthctlOutcome {
    let process = try startAuthctl(arguments, in: directory)
    process.waitUntilExit()
    return AuthctlOutcome(
        status: process.terminationStatus,
        standardOutput: try String(contentsOfFile: directory + "/authctl-stdout", encoding: .utf8),
        standardError: try String(contentsOfFile: directory + "/authctl-stderr", encoding: .utf8)
    )
}

/// Starts the `authctl` built next to this test bundle (`swift build --build-tests`
/// builds it), its output going to `authctl-stdout` and `authctl-stderr` in
/// `directory`: files, so a full pipe never blocks it.
func startAuthctl(_ arguments: [String], in directory: String) throws -> Process {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("authctl")
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: executable.path])
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try emptyFile(directory + "/authctl-stdout")
    process.standardError = try emptyFile(directory + "/authctl-stderr")
    try process.run()
    return process
}

private func emptyFile(_ path: String) throws -> FileHandle {
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
    return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
}
