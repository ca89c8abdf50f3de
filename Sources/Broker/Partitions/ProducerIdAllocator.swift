import Foundation

/// Hands out producer ids that are never reused, across restarts too: ids
/// are reserved in blocks, and a block's end is made durable before any id
/// of it is given out (`DATA/meta/producer-ids`).
actor ProducerIdAllocator {
    private static let blockSize: Int64 = 1_000
    private let file: URL
    private var next: Int64
    private var reservedEnd: Int64

    init(metaDirectory: URL) throws {
        self.file = metaDirectory.appendingPathComponent("producer-ids")
        let saved = (try? String(contentsOf: file, encoding: .utf8)).flatMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        self.next = saved ?? 0
        self.reservedEnd = next
    }

    func allocate() throws -> Int64 {
        if next >= reservedEnd {
            let end = next + Self.blockSize
            try DurableFile.replace(file, with: Data("\(end)\n".utf8))
            reservedEnd = end
        }
        defer { next += 1 }
        return next
    }
}
