import NIOCore

extension RecordBatch {
    /// Throws unless `crc` matches the batch's contents.
    ///
    /// Apart from decoding so that a path which only forwards batches (the
    /// broker behind it checks them anyway) need not read every byte.
    public func verifyChecksum() throws(KafkaDecodingError) {
        let actual = self.computeChecksum()
        guard actual == self.crc else { throw .crcMismatch(expected: self.crc, actual: actual) }
    }

    /// CRC-32C over the fields from attributes on, as laid out on the wire, then the records.
    func computeChecksum() -> UInt32 {
        var crc = CRC32C.update(0, withBigEndian: self.attributes)
        crc = CRC32C.update(crc, withBigEndian: self.lastOffsetDelta)
        crc = CRC32C.update(crc, withBigEndian: self.baseTimestamp)
        crc = CRC32C.update(crc, withBigEndian: self.maxTimestamp)
        crc = CRC32C.update(crc, withBigEndian: self.producerId)
        crc = CRC32C.update(crc, withBigEndian: self.producerEpoch)
        crc = CRC32C.update(crc, withBigEndian: self.baseSequence)
        crc = CRC32C.update(crc, withBigEndian: self.recordsCount)
        return CRC32C.update(crc, with: self.records)
    }
}

extension CRC32C {
    /// Extends `crc` over an integer as Kafka writes it, big-endian, without building a buffer.
    fileprivate static func update(_ crc: UInt32, withBigEndian value: some FixedWidthInteger) -> UInt32 {
        withUnsafeBytes(of: value.bigEndian) { update(crc, with: $0) }
    }
}
