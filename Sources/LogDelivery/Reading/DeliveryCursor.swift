import Foundation
import SecretHandling

/// One destination's delivery cursor: the position after the last line it
/// acknowledged, in `<cursor directory>/<destination>.json`. Replaced
/// atomically and fsynced after every delivered batch, so that a restart
/// resends at most the batch that was in flight.
struct DeliveryCursor: Sendable {
    let path: String

    init(directory: String, destination: String) {
        path = directory + "/" + destination + ".json"
    }

    /// Nil before the first delivery.
    func load() throws -> LogPosition? {
        let bytes: [UInt8]
        do {
            bytes = try SecureFile.read(path, limit: 4096)
        } catch SecureFileError.missing {
            return nil
        }
        return try JSONDecoder().decode(LogPosition.self, from: Data(bytes))
    }

    func save(_ position: LogPosition) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try SecureFile.replace(path, with: Array(try encoder.encode(position)) + [UInt8(ascii: "\n")])
    }
}
