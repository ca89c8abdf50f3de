import NIOCore

extension CRC32C {
    /// The checksum of the buffer's readable bytes.
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        update(0, with: buffer)
    }

    /// Extends `crc` over the buffer's readable bytes.
    public static func update(_ crc: UInt32, with buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { update(crc, with: $0) }
    }
}
