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
        guard var buffer = pending, buffer.readableBytes > 0 else {
            pending = bytes
            return
        }
        pending = nil  // so that `buffer` is the storage's only owner and grows in place
        var incoming = bytes
        reserveForAnnouncedFrame(in: &buffer, adding: incoming.readableBytes)
        buffer.writeBuffer(&incoming)
        pending = buffer
    }

    /// A frame that spans reads is gathered into one buffer, sized once for
    /// the length its prefix announced (already checked against the limit)
    /// rather than doubled read by read, so each byte is copied only once.
    private func reserveForAnnouncedFrame(in buffer: inout ByteBuffer, adding count: Int) {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self),
              length >= 0, Int(length) <= maximumFrameLength else { return }
        let missing = 4 + Int(length) - buffer.readableBytes
        guard missing > count else { return }
        buffer.reserveCapacity(minimumWritableBytes: missing)
    }

    /// Bytes reserved for frames not yet whole (for tests of the limit).
    var bufferedCapacity: Int { pending?.capacity ?? 0 }

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
