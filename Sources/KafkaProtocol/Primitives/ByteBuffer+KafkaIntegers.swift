import NIOCore

// Fixed-width big-endian primitives of the Kafka protocol.
extension ByteBuffer {
    @inline(__always)
    mutating func readKafkaInteger<T: FixedWidthInteger>(as: T.Type = T.self) throws(KafkaDecodingError) -> T {
        guard let value = self.readInteger(endianness: .big, as: T.self) else { throw .truncated }
        return value
    }

    /// Only 0 and 1: Kafka reads any non-zero byte as true, but another byte
    /// would not re-encode to itself.
    @inline(__always)
    mutating func readKafkaBool() throws(KafkaDecodingError) -> Bool {
        switch try self.readKafkaInteger(as: UInt8.self) {
        case 0: return false
        case 1: return true
        case let byte: throw .invalidBoolean(byte)
        }
    }

    @inline(__always)
    mutating func writeKafkaBool(_ value: Bool) {
        self.writeInteger(value ? 1 : 0, as: UInt8.self)
    }

    @inline(__always)
    mutating func readKafkaFloat64() throws(KafkaDecodingError) -> Double {
        Double(bitPattern: try self.readKafkaInteger(as: UInt64.self))
    }

    @inline(__always)
    mutating func writeKafkaFloat64(_ value: Double) {
        self.writeInteger(value.bitPattern, endianness: .big)
    }

    @inline(__always)
    mutating func readKafkaUUID() throws(KafkaDecodingError) -> KafkaUUID {
        let high = try self.readKafkaInteger(as: UInt64.self)
        let low = try self.readKafkaInteger(as: UInt64.self)
        return KafkaUUID(mostSignificantBits: high, leastSignificantBits: low)
    }

    @inline(__always)
    mutating func writeKafkaUUID(_ value: KafkaUUID) {
        self.writeInteger(value.mostSignificantBits, endianness: .big)
        self.writeInteger(value.leastSignificantBits, endianness: .big)
    }
}
