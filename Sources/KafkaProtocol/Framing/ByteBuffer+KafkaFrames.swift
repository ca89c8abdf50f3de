import NIOCore

extension ByteBuffer {
    /// Writes a frame: a big-endian Int32 length, then what `writeFrame` writes.
    public mutating func writeKafkaLengthPrefixed(
        _ writeFrame: (inout ByteBuffer) throws(KafkaEncodingError) -> Void
    ) throws(KafkaEncodingError) {
        let lengthIndex = self.writerIndex
        self.writeInteger(Int32(0))
        try writeFrame(&self)
        let length = self.writerIndex - lengthIndex - 4
        guard length <= Int(Int32.max) else { throw .tooLong(field: "frame", length: length) }
        self.setInteger(Int32(length), at: lengthIndex)
    }
}
