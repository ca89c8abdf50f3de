import NIOCore

// Strings and byte fields. Strings must be valid UTF-8: a gateway that
// authorizes by name cannot let two readings of the same bytes disagree.
extension ByteBuffer {
    static let kafkaMaxStringLength = Int(Int16.max)

    public mutating func readKafkaNullableString(compact: Bool) throws(KafkaDecodingError) -> String? {
        guard let length = try self.readKafkaLength(compact: compact, int16: true) else { return nil }
        guard length <= Self.kafkaMaxStringLength else { throw .stringTooLong(length) }
        let decoded = self.withUnsafeReadableBytes { bytes in
            String(validating: UnsafeRawBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)
        }
        guard let decoded else { throw .invalidUTF8 }
        self.moveReaderIndex(forwardBy: length)
        return decoded
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
