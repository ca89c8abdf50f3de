import Foundation

/// Runs the system `openssl`. A missing openssl fails the test (the run
/// throws); it never skips it.
enum OpenSSLCommand {
    struct Outcome {
        var exitStatus: Int32
        var output: String
    }

    struct Failure: Error, CustomStringConvertible {
        let arguments: [String]
        let outcome: Outcome
        var description: String { "openssl \(arguments.joined(separator: " ")) exited \(outcome.exitStatus):\n\(outcome.output)" }
    }

    /// Runs to completion and throws unless it exits 0.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Outcome {
        let outcome = try outcome(of: arguments)
        guard outcome.exitStatus == 0 else { throw Failure(arguments: arguments, outcome: outcome) }
        return outcome
    }

    /// Runs with `input` (or nothing) on stdin and stdout and stderr merged,
    /// killed after `timeout`; any exit status is returned.
    static func outcome(
        of arguments: [String],
        input: String = "",
        environment: [String: String] = [:],
        timeout: TimeInterval = 20
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("openssl-\(UUID().uuidString).out")
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent("openssl-\(UUID().uuidString).in")
        try Data().write(to: outputFile)
        try Data(input.utf8).write(to: inputFile)
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: inputFile)
        }
        let output = try FileHandle(forWritingTo: outputFile)
        let inputHandle = try FileHandle(forReadingFrom: inputFile)
        defer {
            try? output.close()
            try? inputHandle.close()
        }
        process.standardInput = inputHandle
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        if process.terminationReason == .exit, process.terminationStatus == 127 {
            throw Failure(arguments: arguments, outcome: Outcome(exitStatus: 127, output: "openssl is not installed\n" + text))
        }
        return Outcome(exitStatus: process.terminationStatus, output: text)
    }
}
