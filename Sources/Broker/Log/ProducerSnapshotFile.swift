import Foundation

/// `<base>.snapshot`: the producer state as it was at the start of the
/// segment with that base offset, written when the segment is rolled in, so
/// recovery reads only the active segment's headers on top of it. JSON of
/// producer ids, epochs, sequence numbers, offsets and timestamps — no
/// record content.
enum ProducerSnapshotFile {
    static let formatVersion = 1

    private struct Stored: Codable {
        var formatVersion: Int
        var offset: Int64
        var producers: [StoredProducer]
    }

    private struct StoredProducer: Codable {
        var producerId: Int64
        var state: ProducerState
    }

    static func write(_ table: ProducerStateTable, offset: Int64, to path: String) throws(LogError) {
        let stored = Stored(
            formatVersion: formatVersion, offset: offset,
            producers: table.producers.sorted { $0.key < $1.key }.map { StoredProducer(producerId: $0.key, state: $0.value) }
        )
        do {
            try DurableFile.replace(URL(fileURLWithPath: path), with: try JSONEncoder().encode(stored))
        } catch let error as POSIXError {
            throw .io(operation: error.operation, path: path, errno: error.code)
        } catch {
            throw .io(operation: "encode producer snapshot", path: path, errno: EIO)
        }
    }

    /// The table stored at `path` for `offset`, or nil when the file is
    /// missing, unreadable or for another offset.
    static func read(from path: String, offset: Int64) -> ProducerStateTable? {
        guard let data = FileManager.default.contents(atPath: path),
              let stored = try? JSONDecoder().decode(Stored.self, from: data),
              stored.formatVersion == formatVersion, stored.offset == offset
        else { return nil }
        return ProducerStateTable(producers: Dictionary(stored.producers.map { ($0.producerId, $0.state) }) { first, _ in first })
    }
}
