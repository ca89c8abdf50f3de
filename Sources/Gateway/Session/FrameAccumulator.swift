import KafkaProtocol
import NIOCore

/// Collects a connection's bytes and cuts them into whole Kafka frames.
///
/// The limit is checked against each length prefix before the frame is
/// buffered, and may change between frames: it is small before
/// authentication, so an unauthenticated client cannot make the gateway
/// reserve memory by announcing a large frame (CVE-2022-34917's class).
struct FrameAccumulator {
    var maximumFrameLength: Int
    private var pending: ByteBuffer?

    init(maximumFrameLength: Int) {
        self.maximumFrameLength = maximumFrameLength
    }

    mutating func append(_ bytes: ByteBuffer) {
        if pending == nil || pending!.readableBytes == 0 {
            pending = bytes
        } else {
            var incoming = bytes
            pending!.writeBuffer(&incoming)
        }
    }

    /// The next whole frame, length prefix included (so it can be forwarded
    /// as it came), or nil until more bytes arrive.
    mutating func nextFrame() throws(KafkaDecodingError) -> ByteBuffer? {
        guard var buffer = pending else { return nil }
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard length >= 0 else { throw .invalidLength(Int(length)) }
        guard Int(length) <= maximumFrameLength else {
            throw .frameTooLarge(size: Int(length), limit: maximumFrameLength)
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        let frame = buffer.readSlice(length: 4 + Int(length))
        pending = buffer.readableBytes == 0 ? nil : buffer
        return frame
    }
}

extension ByteBuffer {
    /// The frame's bytes after its length prefix.
    var kafkaFrameBody: ByteBuffer {
        getSlice(at: readerIndex + 4, length: readableBytes - 4)!
    }
}
