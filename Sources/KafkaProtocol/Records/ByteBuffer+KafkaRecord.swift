import NIOCore

// Records inside an uncompressed v2 batch: varint lengths, -1 for null.
// Every length and count is checked against the bytes left before use.
extension ByteBuffer {
    /// Reads one record, which must fill exactly the bytes its length announces.
    /// On error the reader index does not move.
    public mutating func readKafkaRecord() throws(KafkaDecodingError) -> Record {
        var input = self
        let length = Int(try input.readKafkaVarint())
        guard length >= 0 else { throw .invalidLength(length) }
        guard var body = input.readSlice(length: length) else {
            throw .lengthExceedsInput(length: length, remaining: input.readableBytes)
        }
        let record: Record
        do throws(KafkaDecodingError) {
            record = try body.readKafkaRecordFields()
        } catch {
            switch error {
            case .truncated, .lengthExceedsInput:
                throw .malformedRecordBatch("record length \(length) is shorter than its fields")
            default:
                throw error
            }
        }
        guard body.readableBytes == 0 else {
            throw .malformedRecordBatch("record length \(length) has \(body.readableBytes) bytes beyond its fields")
        }
        self.moveReaderIndex(to: input.readerIndex)
        return record
    }

    /// Writes `record` with its length prefix.
    public mutating func writeKafkaRecord(_ record: Record) throws(KafkaEncodingError) {
        let bodyLength = record.encodedBodyLength
        // Every length inside the record is smaller, so each fits a varint too.
        guard bodyLength <= Int(Int32.max) else { throw .tooLong(field: "record", length: bodyLength) }
        self.writeKafkaVarint(Int32(bodyLength))
        self.writeInteger(record.attributes)
        self.writeKafkaVarlong(record.timestampDelta)
        self.writeKafkaVarint(record.offsetDelta)
        self.writeKafkaRecordBytes(record.key)
        self.writeKafkaRecordBytes(record.value)
        self.writeKafkaVarint(Int32(record.headers.count))
        for header in record.headers {
            self.writeKafkaVarint(Int32(header.key.utf8.count))
            self.writeString(header.key)
            self.writeKafkaRecordBytes(header.value)
        }
    }

    private mutating func readKafkaRecordFields() throws(KafkaDecodingError) -> Record {
        let attributes = try self.readKafkaInteger(as: Int8.self)
        let timestampDelta = try self.readKafkaVarlong()
        let offsetDelta = try self.readKafkaVarint()
        let key = try self.readKafkaRecordBytes()
        let value = try self.readKafkaRecordBytes()
        let headerCount = Int(try self.readKafkaVarint())
        guard headerCount >= 0 else { throw .invalidLength(headerCount) }
        // A header takes at least two bytes (its two lengths).
        guard headerCount <= self.readableBytes / 2 else {
            throw .lengthExceedsInput(length: headerCount, remaining: self.readableBytes)
        }
        var headers: [RecordHeader] = []
        headers.reserveKafkaCapacity(headerCount, decodingFrom: self)
        for _ in 0..<headerCount {
            headers.append(try self.readKafkaRecordHeader())
        }
        return Record(
            attributes: attributes, timestampDelta: timestampDelta, offsetDelta: offsetDelta,
            key: key, value: value, headers: headers
        )
    }

    private mutating func readKafkaRecordHeader() throws(KafkaDecodingError) -> RecordHeader {
        let keyLength = Int(try self.readKafkaVarint())
        guard keyLength != -1 else { throw .unexpectedNull(field: "headerKey") }
        guard keyLength >= 0 else { throw .invalidLength(keyLength) }
        guard let keyBytes = self.readSlice(length: keyLength) else {
            throw .lengthExceedsInput(length: keyLength, remaining: self.readableBytes)
        }
        // Validated, as elsewhere: two readers must not see two different keys.
        let key = keyBytes.withUnsafeReadableBytes { String(validating: $0, as: UTF8.self) }
        guard let key else { throw .invalidUTF8 }
        return RecordHeader(key: key, value: try self.readKafkaRecordBytes())
    }

    /// Reads a varint length (-1 for null) and that many bytes, as a slice.
    private mutating func readKafkaRecordBytes() throws(KafkaDecodingError) -> ByteBuffer? {
        let length = Int(try self.readKafkaVarint())
        if length == -1 { return nil }
        guard length >= 0 else { throw .invalidLength(length) }
        guard let bytes = self.readSlice(length: length) else {
            throw .lengthExceedsInput(length: length, remaining: self.readableBytes)
        }
        return bytes
    }

    private mutating func writeKafkaRecordBytes(_ bytes: ByteBuffer?) {
        guard let bytes else {
            self.writeKafkaVarint(-1)
            return
        }
        self.writeKafkaVarint(Int32(bytes.readableBytes))
        self.writeImmutableBuffer(bytes)
    }
}
