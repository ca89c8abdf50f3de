import NIOCore

// Strings and byte fields. Strings must be valid UTF-8: a gateway that
// authorizes by name cannot let two readings of the same bytes disagree.
extension ByteBuffer {
    static let kafkaMaxStringLength = Int(Int16.max)

    public mutating func readKafkaNullableString(compact: Bool) throws(KafkaDecodingError) -> String? {
        guard let length = try self.readKafkaLength(compact: compact, int16: true) else { return nil }
        guard length <= Self.kafkaMaxStringLength else { throw .stringTooLong(length) }
        let decoded = self.withUnsafeReadableBytes { bytes in
            Self.kafkaValidatedString(UnsafeRawBufferPointer(rebasing: bytes[..<length]))
        }
        guard let decoded else { throw .invalidUTF8 }
        self.moveReaderIndex(forwardBy: length)
        return decoded
    }

    /// The string the bytes spell, or nil if they are not UTF-8. Names are
    /// almost always ASCII, which is checked a word at a time and needs no
    /// further validation; the standard library's generic validator costs
    /// several hundred nanoseconds a string.
    private static func kafkaValidatedString(_ bytes: UnsafeRawBufferPointer) -> String? {
        var index = 0
        var highBits: UInt64 = 0
        while index + 8 <= bytes.count {
            highBits |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            highBits |= UInt64(bytes[index])
            index += 1
        }
        if highBits & 0x8080_8080_8080_8080 == 0 {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    public mutating func readKafkaString(compact: Bool, field: StaticString) throws(KafkaDecodingError) -> String {
        guard let value = try self.readKafkaNullableString(compact: compact) else {
            throw .unexpectedNull(field: "\(field)")
        }
        return value
    }

    public mutating func writeKafkaNullableString(_ value: String?, compact: Bool, field: StaticString) throws(KafkaEncodingError) {
        guard let value else {
            self.writeKafkaLength(nil, compact: compact, int16: true)
            return
        }
        let length = value.utf8.count
        guard length <= Self.kafkaMaxStringLength else { throw .stringTooLong(field: "\(field)", length: length) }
        self.writeKafkaLength(length, compact: compact, int16: true)
        self.writeString(value)
    }

    /// Reads a bytes (or records) field as a slice of this buffer: no copy.
    public mutating func readKafkaNullableBytes(compact: Bool) throws(KafkaDecodingError) -> ByteBuffer? {
        guard let length = try self.readKafkaLength(compact: compact, int16: false) else { return nil }
        return self.readSlice(length: length)!
    }

    public mutating func readKafkaBytes(compact: Bool, field: StaticString) throws(KafkaDecodingError) -> ByteBuffer {
        guard let value = try self.readKafkaNullableBytes(compact: compact) else {
            throw .unexpectedNull(field: "\(field)")
        }
        return value
    }

    public mutating func writeKafkaNullableBytes(_ value: ByteBuffer?, compact: Bool, field: StaticString) throws(KafkaEncodingError) {
        guard let value else {
            self.writeKafkaLength(nil, compact: compact, int16: false)
            return
        }
        guard value.readableBytes < Int(Int32.max) else { throw .tooLong(field: "\(field)", length: value.readableBytes) }
        self.writeKafkaLength(value.readableBytes, compact: compact, int16: false)
        self.writeImmutableBuffer(value)
    }
}
