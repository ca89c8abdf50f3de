import Foundation

/// The journal's line format (docs/usage.md): one JSON object, keys sorted, then a newline.
///
///     {"bytes_in":512,"bytes_out":0,"kind":"traffic","messages_in":4,"minute":"2026-12-07T21:52:00Z","principal":"User:alice","seq":7,"topic":"orders"}
///     {"kind":"storage","minute":"2026-12-07T21:52:00Z","partitions":3,"seq":8,"storage_bytes":1048576,"topic":"orders"}
extension UsageLine: Codable {
    private enum Kind: String, Codable {
        case traffic
        case storage
    }

    private enum CodingKeys: String, CodingKey {
        case seq, kind, minute, principal, topic
        case bytesIn = "bytes_in"
        case bytesOut = "bytes_out"
        case messagesIn = "messages_in"
        case partitions
        case storageBytes = "storage_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let seq = try container.decode(Int64.self, forKey: .seq)
        let text = try container.decode(String.self, forKey: .minute)
        guard let minute = UsageMinute(iso8601: text) else {
            throw DecodingError.dataCorruptedError(forKey: .minute, in: container, debugDescription: "not a minute: \(text)")
        }
        let topic = try container.decode(String.self, forKey: .topic)
        let entry: UsageEntry
        switch try container.decode(Kind.self, forKey: .kind) {
        case .traffic:
            entry = .traffic(
                TrafficKey(minute: minute, principal: try container.decode(String.self, forKey: .principal), topic: topic),
                TrafficCounts(
                    bytesIn: try container.decode(Int64.self, forKey: .bytesIn),
                    bytesOut: try container.decode(Int64.self, forKey: .bytesOut),
                    messagesIn: try container.decode(Int64.self, forKey: .messagesIn)
                )
            )
        case .storage:
            entry = .storage(
                StorageKey(minute: minute, topic: topic),
                StorageSample(
                    partitions: try container.decode(Int64.self, forKey: .partitions),
                    storageBytes: try container.decode(Int64.self, forKey: .storageBytes)
                )
            )
        }
        self.init(seq: seq, entry: entry)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(entry.minute.description, forKey: .minute)
        switch entry {
        case .traffic(let key, let counts):
            try container.encode(Kind.traffic, forKey: .kind)
            try container.encode(key.principal, forKey: .principal)
            try container.encode(key.topic, forKey: .topic)
            try container.encode(counts.bytesIn, forKey: .bytesIn)
            try container.encode(counts.bytesOut, forKey: .bytesOut)
            try container.encode(counts.messagesIn, forKey: .messagesIn)
        case .storage(let key, let sample):
            try container.encode(Kind.storage, forKey: .kind)
            try container.encode(key.topic, forKey: .topic)
            try container.encode(sample.partitions, forKey: .partitions)
            try container.encode(sample.storageBytes, forKey: .storageBytes)
        }
    }

    /// The line's bytes with its newline.
    func encodedLine() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Integers and strings only, which JSONEncoder always encodes.
        guard let data = try? encoder.encode(self) else { preconditionFailure("a usage line could not be encoded") }
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
