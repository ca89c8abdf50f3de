import Foundation
import XCTest

/// What a finished command printed and how it exited.
struct CommandResult {
    var status: Int32
    var output: String
    var errorOutput: String
    var combined: String { output + errorOutput }
}

/// Runs `arguments[0]` found on PATH (through env, so a missing tool exits 127
/// and fails the test rather than skipping it). Output goes through files:
/// two pipes could fill while the other is being waited for.
func runCommand(_ arguments: [String], in directory: TemporaryDirectory) throws -> CommandResult {
    let output = directory.file("stdout-\(UUID().uuidString)")
    let errorOutput = directory.file("stderr-\(UUID().uuidString)")
    guard FileManager.default.createFile(atPath: output, contents: nil),
          FileManager.default.createFile(atPath: errorOutput, contents: nil)
    else { throw CocoaError(.fileWriteUnknown) }
    defer {
        try? FileManager.default.removeItem(atPath: output)
        try? FileManager.default.removeItem(atPath: errorOutput)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorOutput))
    try process.run()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, output: try contents(of: output), errorOutput: try contents(of: errorOutput))
}

/// `openssl ARGUMENTS`, failing the test if OpenSSL is not installed.
func openssl(_ arguments: [String], in directory: TemporaryDirectory, file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
    let result = try runCommand(["openssl"] + arguments, in: directory)
    XCTAssertNotEqual(result.status, 127, "openssl is not installed: \(result.errorOutput)", file: file, line: line)
    return result
}
