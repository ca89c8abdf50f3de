import NIOCore

/// Cuts a byte stream into Kafka frames (Int32 length, then that many bytes)
/// and nothing more: what a frame means is decoded elsewhere.
///
/// The limit is checked against the length prefix before any byte of the
/// frame is buffered, so a client cannot make the server reserve memory by
/// announcing a large frame. The gateway lowers it before authentication.
public struct KafkaFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The largest frame accepted, in bytes; may change between frames.
    public var maximumFrameLength: Int

    public init(maximumFrameLength: Int) {
        self.maximumFrameLength = maximumFrameLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try self.nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    /// The next whole frame in `buffer`, or nil if more bytes are needed.
    public func nextFrame(from buffer: inout ByteBuffer) throws(KafkaDecodingError) -> ByteBuffer? {
        guard let length = try buffer.peekKafkaFrameLength(limit: maximumFrameLength),
              buffer.readableBytes >= 4 + length else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: length)
    }
}

extension ByteBuffer {
    /// The length the frame at the reader index announces (its prefix
    /// excluded), checked against `limit` before any of it is buffered; nil
    /// until the four bytes of the prefix are here.
    public func peekKafkaFrameLength(limit: Int) throws(KafkaDecodingError) -> Int? {
        guard let length = getInteger(at: readerIndex, as: Int32.self) else { return nil }
        guard length >= 0 else { throw .invalidLength(Int(length)) }
        guard Int(length) <= limit else { throw .frameTooLarge(size: Int(length), limit: limit) }
        return Int(length)
    }
}
