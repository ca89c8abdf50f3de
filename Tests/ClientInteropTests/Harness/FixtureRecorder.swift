import Foundation
import KafkaProtocol

/// Writes captured request frames as fixtures for KafkaProtocolTests, when
/// PORTCULLIS_RECORD_FIXTURES=1: the first frame of each API and version a
/// client sent, to Tests/KafkaProtocolTests/Fixtures/requests/<client>/<Api>-v<version>.bin
/// (the frame without its length prefix). Existing files are kept, so that
/// several runs of one client add to its set; delete the directory to record
/// afresh.
enum FixtureRecorder {
    static var isRecording: Bool {
        ProcessInfo.processInfo.environment["PORTCULLIS_RECORD_FIXTURES"] == "1"
    }

    static let requestsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KafkaProtocolTests/Fixtures/requests", isDirectory: true)

    /// The file name a frame of `api` in `version` is kept under.
    static func fileName(api: KafkaApiKey, version: Int16) -> String {
        "\(api.name)-v\(version).bin"
    }

    /// Records `requests` for `client` if recording is on; returns the files written.
    @discardableResult
    static func record(_ requests: [CapturedRequest], client: String) throws -> [URL] {
        guard isRecording else { return [] }
        let directory = requestsDirectory.appendingPathComponent(client, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var seen: Set<String> = []
        var written: [URL] = []
        for request in requests {
            // Only what the codec can decode is a fixture for it.
            guard let api = request.api, request.roundTrip != .newerApiVersionsProbe else { continue }
            let name = fileName(api: api, version: request.apiVersion)
            guard seen.insert(name).inserted else { continue }
            let file = directory.appendingPathComponent(name)
            guard !FileManager.default.fileExists(atPath: file.path) else { continue }
            try Data(request.frame.readableBytesView).write(to: file)
            written.append(file)
        }
        return written
    }
}
