import NIOCore

/// A tagged field this codec has no name for, kept verbatim so that a
/// message passing through re-encodes to the bytes it arrived as.
public struct KafkaTaggedField: Hashable, Sendable {
    public var tag: UInt32
    public var data: ByteBuffer

    public init(tag: UInt32, data: ByteBuffer) {
        self.tag = tag
        self.data = data
    }
}

// The tagged-field section that ends every structure in flexible versions:
// a count, then (tag, size, data) triples in strictly ascending tag order.
extension ByteBuffer {
    /// Reads a tagged-field section. `readKnown` is given each field's tag and
    /// its bytes and returns false for a tag it does not know; those fields
    /// are returned. A known field must consume exactly its bytes.
    @inline(__always)
    mutating func readKafkaTaggedFields(
        _ readKnown: (UInt32, inout ByteBuffer) throws(KafkaDecodingError) -> Bool
    ) throws(KafkaDecodingError) -> [KafkaTaggedField] {
        let count = Int(try self.readKafkaUnsignedVarint())
        guard count > 0 else { return [] }
        // Each field takes at least two bytes (tag and size).
        guard count * 2 <= self.readableBytes else {
            throw .lengthExceedsInput(length: count * 2, remaining: self.readableBytes)
        }
        var unknown: [KafkaTaggedField] = []
        var previousTag: UInt32? = nil
        for _ in 0..<count {
            let tag = try self.readKafkaUnsignedVarint()
            if let previousTag, tag <= previousTag { throw .invalidTaggedFields }
            previousTag = tag
            let size = Int(try self.readKafkaUnsignedVarint())
            guard let slice = self.readSlice(length: size) else {
                throw .lengthExceedsInput(length: size, remaining: self.readableBytes)
            }
            var data = slice
            if try readKnown(tag, &data) {
                guard data.readableBytes == 0 else { throw .invalidTaggedFields }
            } else {
                unknown.append(KafkaTaggedField(tag: tag, data: data))
            }
        }
        return unknown
    }

    /// Writes a section holding only fields this codec has no name for.
    @inline(__always)
    mutating func writeKafkaTaggedFields(_ fields: [KafkaTaggedField]) {
        self.writeKafkaUnsignedVarint(UInt32(fields.count))
        for field in fields { self.writeKafkaRawTaggedField(field) }
    }

    /// Writes the fields of `pending` whose tags are below `tag` (all of
    /// them when `tag` is nil), removing them from `pending`, so that unknown
    /// fields interleave with known ones in ascending order.
    @inline(__always)
    mutating func writeKafkaTaggedFields(_ pending: inout ArraySlice<KafkaTaggedField>, below tag: UInt32?) {
        while let next = pending.first, tag.map({ next.tag < $0 }) ?? true {
            self.writeKafkaRawTaggedField(next)
            pending.removeFirst()
        }
    }

    /// Writes one known tagged field; its size is only known once written.
    @inline(__always)
    mutating func writeKafkaTaggedField(
        tag: UInt32,
        _ writeValue: (inout ByteBuffer) throws(KafkaEncodingError) -> Void
    ) throws(KafkaEncodingError) {
        var value = ByteBufferAllocator().buffer(capacity: 16)
        try writeValue(&value)
        self.writeKafkaRawTaggedField(KafkaTaggedField(tag: tag, data: value))
    }

    private mutating func writeKafkaRawTaggedField(_ field: KafkaTaggedField) {
        self.writeKafkaUnsignedVarint(field.tag)
        self.writeKafkaUnsignedVarint(UInt32(field.data.readableBytes))
        self.writeImmutableBuffer(field.data)
    }
}
