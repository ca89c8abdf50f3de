import NIOCore

// Variable-length integers: unsigned LEB128 and zig-zag signed forms, as in
// protobuf. Only the shortest encoding is accepted, so that every decoded
// value re-encodes to the bytes it came from.
extension ByteBuffer {
    public mutating func readKafkaUnsignedVarint() throws(KafkaDecodingError) -> UInt32 {
        UInt32(truncatingIfNeeded: try self.readKafkaVarintBits(maxBytes: 5, valueBits: 32))
    }

    public mutating func readKafkaUnsignedVarlong() throws(KafkaDecodingError) -> UInt64 {
        try self.readKafkaVarintBits(maxBytes: 10, valueBits: 64)
    }

    public mutating func readKafkaVarint() throws(KafkaDecodingError) -> Int32 {
        let raw = try self.readKafkaUnsignedVarint()
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    public mutating func readKafkaVarlong() throws(KafkaDecodingError) -> Int64 {
        let raw = try self.readKafkaUnsignedVarlong()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    @inline(__always)
    public mutating func writeKafkaUnsignedVarint(_ value: UInt32) {
        self.writeKafkaUnsignedVarlong(UInt64(value))
    }

    public mutating func writeKafkaUnsignedVarlong(_ value: UInt64) {
        // Most varints (lengths, counts, tags) are one byte.
        if value < 0x80 {
            self.writeInteger(UInt8(value))
            return
        }
        // Longer ones are assembled first and written with one call, as each
        // ByteBuffer write pays for a bounds and exclusivity check.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { bytes in
            var remaining = value
            var count = 0
            while remaining >= 0x80 {
                bytes[count] = UInt8(truncatingIfNeeded: remaining) | 0x80
                remaining >>= 7
                count += 1
            }
            bytes[count] = UInt8(remaining)
            self.writeBytes(UnsafeBufferPointer(rebasing: bytes[...count]))
        }
    }

    public mutating func writeKafkaVarint(_ value: Int32) {
        self.writeKafkaUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    public mutating func writeKafkaVarlong(_ value: Int64) {
        self.writeKafkaUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Reads an unsigned LEB128 value of at most `maxBytes` bytes whose value
    /// fits in `valueBits` bits, rejecting overlong (non-shortest) forms.
    @inline(__always)
    private mutating func readKafkaVarintBits(maxBytes: Int, valueBits: Int) throws(KafkaDecodingError) -> UInt64 {
        guard let first = self.getInteger(at: self.readerIndex, as: UInt8.self) else { throw .truncated }
        if first < 0x80 {
            self.moveReaderIndex(forwardBy: 1)
            return UInt64(first)
        }
        var result: UInt64 = 0
        var index = self.readerIndex
        for position in 0..<maxBytes {
            guard let byte = self.getInteger(at: index, as: UInt8.self) else { throw .truncated }
            index += 1
            let shift = position * 7
            let payload = UInt64(byte & 0x7F)
            // The last byte may only carry the bits that remain of the value.
            if shift + 7 > valueBits, payload >> (valueBits - shift) != 0 { throw .invalidVarint }
            result |= payload << shift
            if byte & 0x80 == 0 {
                if byte == 0 && position > 0 { throw .invalidVarint }
                self.moveReaderIndex(to: index)
                return result
            }
        }
        throw .invalidVarint
    }
}
