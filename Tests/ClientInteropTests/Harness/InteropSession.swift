import Foundation
import KafkaProtocol

/// One real client run against a fresh capture server: what the client
/// printed and how it ended, and every request the server saw.
struct InteropSession: Sendable {
    let client: String
    let outcome: ClientProcess.Outcome
    let capture: CaptureLog.Snapshot

    /// Starts a server, runs `executable` with the arguments made from the
    /// server's bootstrap address, stops the server, and records fixtures
    /// under `client` when recording is on.
    static func run(
        client: String,
        executable: URL,
        arguments: (_ bootstrap: String) -> [String],
        apiVersionsMaxVersion: Int16 = KafkaApiKey.apiVersions.validVersions.upperBound,
        timeout: Duration = .seconds(40)
    ) async throws -> InteropSession {
        let server = try await CaptureServer.start(apiVersionsMaxVersion: apiVersionsMaxVersion)
        let outcome: ClientProcess.Outcome
        do {
            outcome = try await ClientProcess.run(
                executable, arguments: arguments(server.bootstrap), environment: ClientTools.environment, timeout: timeout
            )
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        let capture = server.log.snapshot
        try FixtureRecorder.record(capture.requests, client: client)
        let session = InteropSession(client: client, outcome: outcome, capture: capture)
        print("\(client) sent \(capture.requests.count) requests: \(session.versionsSummary)")
        return session
    }

    /// The APIs seen, each with the versions the client used.
    var versionsSeen: [KafkaApiKey: Set<Int16>] {
        var seen: [KafkaApiKey: Set<Int16>] = [:]
        for request in capture.requests {
            if let api = request.api { seen[api, default: []].insert(request.apiVersion) }
        }
        return seen
    }

    /// "ApiVersions v3, Metadata v12, …" in API key order, for messages.
    var versionsSummary: String {
        versionsSeen.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key.name) v\($0.value.sorted().map(String.init).joined(separator: "/"))" }
            .joined(separator: ", ")
    }
}
