import Foundation

/// A real moto server (`moto_server -H 127.0.0.1 -p PORT`) on a free loopback
/// port, started by the tests themselves and stopped when they are done.
/// Without moto installed the tests fail: install it with
/// scripts/install-test-deps.sh (moto[server] is pinned in Tests/requirements.txt).
public final class AWSMotoServer: Sendable {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    public let port: Int
    private let process: Process
    private let directory: URL

    private init(port: Int, process: Process, directory: URL) {
        self.port = port
        self.endpoint = "http://127.0.0.1:\(port)"
        self.process = process
        self.directory = directory
    }

    /// Starts moto and waits until it accepts connections (about 2 s): on
    /// `port`, e.g. to bring a stopped server back where its clients look, or a free one.
    public static func start(port: Int? = nil) throws -> AWSMotoServer {
        let executable = try executableOnPath("moto_server")
        let port = try port ?? AWSLoopbackSocket.freePort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portcullis-moto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("moto.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw Unavailable(description: "cannot create \(log.path)")
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = ["-H", "127.0.0.1", "-p", "\(port)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        let server = AWSMotoServer(port: port, process: process, directory: directory)

        let deadline = Date().addingTimeInterval(30)
        while !AWSLoopbackSocket.acceptsConnections(port: port) {
            guard process.isRunning, Date() < deadline else {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                server.stop()
                throw Unavailable(description: "moto_server did not start on port \(port):\n\(output)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return server
    }

    /// SIGSTOP: connections still complete in the kernel but nothing is answered,
    /// a KMS that hangs; killing it instead would lose its keys.
    public func pause() {
        kill(process.processIdentifier, SIGSTOP)
    }

    public func resume() {
        kill(process.processIdentifier, SIGCONT)
    }

    public func stop() {
        resume()
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a Python script (with moto's boto3) against this server and returns what it printed.
    public func runPython(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = try Self.executableOnPath("python3")
        process.arguments = ["-c", script, endpoint]
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaints = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable(description: "python3 failed (\(process.terminationStatus)):\n\(String(decoding: complaints, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self)
    }

    private static func executableOnPath(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Unavailable(description: "\(name) is not installed (not on PATH): run scripts/install-test-deps.sh, which installs moto[server] from Tests/requirements.txt")
    }
}
