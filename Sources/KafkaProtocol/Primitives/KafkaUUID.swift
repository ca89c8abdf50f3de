/// Kafka's 128-bit UUID (topic ids, directory ids), printed as Kafka prints
/// it: URL-safe base64 without padding.
public struct KafkaUUID: Hashable, Sendable, CustomStringConvertible {
    public var mostSignificantBits: UInt64
    public var leastSignificantBits: UInt64

    public static let zero = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 0)

    public init(mostSignificantBits: UInt64, leastSignificantBits: UInt64) {
        self.mostSignificantBits = mostSignificantBits
        self.leastSignificantBits = leastSignificantBits
    }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for word in [mostSignificantBits, leastSignificantBits] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var bits: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { bits |= UInt32(byte) << UInt32(16 - 8 * offset) }
            for sextet in 0...chunk.count { output.append(alphabet[Int((bits >> UInt32(18 - 6 * sextet)) & 0x3F)]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension KafkaUUID {
    /// A random id, never the zero id (which means "none" on the wire).
    public static func random() -> KafkaUUID {
        var generator = SystemRandomNumberGenerator()
        while true {
            let id = KafkaUUID(mostSignificantBits: generator.next(), leastSignificantBits: generator.next())
            if id != .zero { return id }
        }
    }
}

extension KafkaUUID: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let words = try container.decode([UInt64].self)
        guard words.count == 2 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a UUID is two 64-bit words")
        }
        self.init(mostSignificantBits: words[0], leastSignificantBits: words[1])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode([mostSignificantBits, leastSignificantBits])
    }
}
