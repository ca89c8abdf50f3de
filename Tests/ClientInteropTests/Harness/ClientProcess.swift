import Foundation

/// Runs a client program to completion or until its time is up.
enum ClientProcess {
    /// How a client run ended, with everything it printed.
    struct Outcome: Sendable, CustomStringConvertible {
        var exitStatus: Int32
        var timedOut: Bool
        var standardOutput: String
        var standardError: String

        var succeeded: Bool { !timedOut && exitStatus == 0 }

        var description: String {
            let ending = timedOut ? "timed out" : "exited with status \(exitStatus)"
            return "\(ending)\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)"
        }
    }

    /// Runs `executable` with `arguments`; past `timeout` it is sent SIGTERM,
    /// then SIGKILL a second later. Output goes through temporary files, so a
    /// chatty client never blocks on a full pipe.
    static func run(
        _ executable: URL,
        arguments: [String],
        environment extra: [String: String] = [:],
        timeout: Duration
    ) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("portcullis-client-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        for url in [stdoutURL, stderrURL] where !FileManager.default.createFile(atPath: url.path, contents: nil) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()

        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var timedOut = false
        while process.isRunning {
            if clock.now >= deadline, !timedOut {
                timedOut = true
                process.terminate()
                let killDeadline = clock.now + .seconds(1)
                while process.isRunning, clock.now < killDeadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        return Outcome(
            exitStatus: process.terminationStatus,
            timedOut: timedOut,
            standardOutput: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        )
    }
}
