import NIOCore

// Sizes of a record on the wire, so that a batch can be measured (and its
// buffer allocated once) before anything is written.
extension Record {
    /// The fewest bytes a record takes: a one-byte length, attributes, and
    /// one-byte timestampDelta, offsetDelta, key length, value length and
    /// header count. Bounds how many records some bytes can hold.
    static let minimumEncodedLength = 7

    /// The bytes after the length prefix. Counted in Int so that an
    /// oversized field shows as an oversized total rather than a trap.
    var encodedBodyLength: Int {
        var length = 1 + Self.varintLength(self.timestampDelta) + Self.varintLength(Int64(self.offsetDelta))
        length += Self.bytesLength(self.key) + Self.bytesLength(self.value)
        length += Self.varintLength(Int64(self.headers.count))
        for header in self.headers {
            let keyLength = header.key.utf8.count
            length += Self.varintLength(Int64(keyLength)) + keyLength + Self.bytesLength(header.value)
        }
        return length
    }

    /// The length of a zig-zag varint or varlong; the two agree on every Int32 value.
    static func varintLength(_ value: Int64) -> Int {
        let zigZag = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        return max(1, (64 - zigZag.leadingZeroBitCount + 6) / 7)
    }

    private static func bytesLength(_ bytes: ByteBuffer?) -> Int {
        guard let bytes else { return 1 }
        return Self.varintLength(Int64(bytes.readableBytes)) + bytes.readableBytes
    }
}
