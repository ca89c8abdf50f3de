import NIOCore

// Length prefixes. Classic versions use a signed Int16 (strings) or Int32
// (bytes, arrays) with -1 for null; flexible ("compact") versions use an
// unsigned varint holding length + 1, with 0 for null.
//
// Every length is checked against the bytes actually left before it is
// used, so no input can make the decoder allocate more than its own size.
extension ByteBuffer {
    /// Reads a string or bytes length. Returns nil for null.
    @inline(__always)
    mutating func readKafkaLength(compact: Bool, int16: Bool) throws(KafkaDecodingError) -> Int? {
        let length: Int
        if compact {
            length = Int(try self.readKafkaUnsignedVarint()) - 1
        } else if int16 {
            length = Int(try self.readKafkaInteger(as: Int16.self))
        } else {
            length = Int(try self.readKafkaInteger(as: Int32.self))
        }
        if length == -1 { return nil }
        guard length >= 0 else { throw .invalidLength(length) }
        guard length <= self.readableBytes else {
            throw .lengthExceedsInput(length: length, remaining: self.readableBytes)
        }
        return length
    }

    /// Reads an array's element count. Returns nil for null. Every element
    /// takes at least one byte, so a count above the bytes left is refused.
    @inline(__always)
    public mutating func readKafkaArrayCount(compact: Bool) throws(KafkaDecodingError) -> Int? {
        try self.readKafkaLength(compact: compact, int16: false)
    }

    @inline(__always)
    mutating func writeKafkaLength(_ length: Int?, compact: Bool, int16: Bool) {
        switch (length, compact) {
        case (nil, true): self.writeInteger(UInt8(0))
        case (let length?, true): self.writeKafkaUnsignedVarint(UInt32(length + 1))
        case (nil, false) where int16: self.writeInteger(Int16(-1), endianness: .big)
        case (let length?, false) where int16: self.writeInteger(Int16(length), endianness: .big)
        case (nil, false): self.writeInteger(Int32(-1), endianness: .big)
        case (let length?, false): self.writeInteger(Int32(length), endianness: .big)
        }
    }

    @inline(__always)
    public mutating func writeKafkaArrayCount(_ count: Int?, compact: Bool, field: StaticString) throws(KafkaEncodingError) {
        if let count, count > Int(Int32.max) - 1 { throw .tooLong(field: "\(field)", length: count) }
        self.writeKafkaLength(count, compact: compact, int16: false)
    }

    /// The array count, or an error naming the field if it is null where null is not allowed.
    @inline(__always)
    public mutating func readKafkaNonNullArrayCount(compact: Bool, field: StaticString) throws(KafkaDecodingError) -> Int {
        guard let count = try self.readKafkaArrayCount(compact: compact) else {
            throw .unexpectedNull(field: "\(field)")
        }
        return count
    }
}
