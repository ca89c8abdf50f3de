import ArgumentParser
import Foundation
import Gateway

/// `portcullis check-config FILE`: validates a gateway.properties without
/// starting anything, so a change can be checked before a reload or restart.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a gateway.properties file: every setting, and the TLS and password files it names. Exit 0 when the gateway would start with it."
    )

    @Argument(help: "The gateway.properties file.")
    var file: String

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        let configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration(properties: text)
        } catch {
            let location = error.line > 0 ? "\(file):\(error.line)" : file
            FileHandle.standardError.write(Data("\(location): \(error.message)\n".utf8))
            throw ExitCode.failure
        }
        let problems = configuration.startupProblems()
        guard problems.isEmpty else {
            for problem in problems { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
            throw ExitCode.failure
        }
        let listeners = configuration.listeners.map { "\($0.name) \($0.host):\($0.port)" }.joined(separator: ", ")
        print("\(file): OK: listeners \(listeners); upstream \(configuration.upstreamBootstrap.joined(separator: ","))")
    }
}
