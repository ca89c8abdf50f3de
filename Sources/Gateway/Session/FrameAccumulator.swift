import KafkaProtocol
import NIOCore

/// Collects a connection's bytes and cuts them into whole Kafka frames.
///
/// The limit is checked against each length prefix before the frame is
/// buffered, and may change between frames: it is small before
/// authentication, so an unauthenticated client cannot make the gateway
/// reserve memory by announcing a large frame (CVE-2022-34917's class).
///
/// Memory: a frame that spans reads is gathered into a buffer of its own
/// that grows as its bytes arrive (ByteBuffer doubles it, so it stays under
/// twice what arrived), never reserved at its announced size: many slow
/// clients announcing the largest frame would otherwise hold that much each
/// before sending it. `incompleteFrameSize` tells what it will come to.
///
/// Copies: a frame that arrived within one read is handed out as a slice of
/// it; one that spans reads is copied into its buffer, each byte once plus
/// the amortised copying of growth (by realloc, which moves large buffers by
/// remapping their pages). (Appending reads to one growing buffer instead
/// would also duplicate the storage it shares with frames handed out.)
struct FrameAccumulator {
    var maximumFrameLength: Int
    /// Bytes read and not yet cut into frames: the read itself, not a copy
    /// (or, when a length prefix was split between reads, its few bytes).
    private var unread = ByteBuffer()
    /// The frame being gathered, with the size its prefix announced.
    private var gathering: (frame: ByteBuffer, size: Int)?
    /// Bytes still to come of a frame handed out in parts (`nextPiece`).
    private var passingThrough = 0

    init(maximumFrameLength: Int) {
        self.maximumFrameLength = maximumFrameLength
    }

    mutating func append(_ bytes: ByteBuffer) {
        if unread.readableBytes == 0 {
            unread = bytes
        } else {
            var incoming = bytes
            unread.writeBuffer(&incoming)
        }
    }

    /// Bytes held for frames not yet whole (for tests of the limit).
    var bufferedCapacity: Int { (gathering?.frame.capacity ?? 0) + unread.capacity }

    /// The size, length prefix included, that the frame being gathered
    /// announced; 0 when none is. What a memory budget charges for it. A
    /// frame passing through in parts is not held here, so does not count.
    var incompleteFrameSize: Int { gathering?.size ?? 0 }

    /// The next whole frame, length prefix included (so it can be forwarded
    /// as it came), or nil until more bytes arrive.
    mutating func nextFrame() throws(KafkaDecodingError) -> ByteBuffer? {
        if case (var frame, let size)? = gathering {
            gathering = nil
            var part = unread.readSlice(length: min(size - frame.readableBytes, unread.readableBytes))!
            frame.writeBuffer(&part)
            releaseUnreadIfEmpty()
            guard frame.readableBytes == size else {
                gathering = (frame, size)
                return nil
            }
            return frame
        }
        guard let length = try unread.peekKafkaFrameLength(limit: maximumFrameLength) else {
            keepOnlyTheUnreadBytes()
            return nil
        }
        let size = 4 + length
        if unread.readableBytes >= size {
            return unread.readSlice(length: size)
        }
        var frame = ByteBufferAllocator().buffer(capacity: unread.readableBytes)
        frame.writeBuffer(&unread)
        releaseUnreadIfEmpty()
        gathering = (frame, size)
        return nil
    }

    /// A frame, whole or in parts.
    enum Piece {
        case frame(ByteBuffer)
        /// The first bytes of a frame that spans reads, length prefix included.
        case firstPart(ByteBuffer)
        /// Further bytes of that frame, in order; the last one completes it.
        case part(ByteBuffer, isLast: Bool)
    }

    /// As `nextFrame`, except that a frame spanning reads comes out in parts
    /// as its bytes arrive, instead of being gathered, when `passThrough`
    /// accepts its first bytes (length prefix and at least 4 more). Whoever
    /// takes the first part must take every part up to the last.
    mutating func nextPiece(passThrough: (ByteBuffer) -> Bool) throws(KafkaDecodingError) -> Piece? {
        if passingThrough > 0 {
            guard unread.readableBytes > 0 else { return nil }
            let part = unread.readSlice(length: min(passingThrough, unread.readableBytes))!
            passingThrough -= part.readableBytes
            releaseUnreadIfEmpty()
            return .part(part, isLast: passingThrough == 0)
        }
        if gathering == nil, unread.readableBytes >= 8, let length = try unread.peekKafkaFrameLength(limit: maximumFrameLength),
           4 + length > unread.readableBytes, passThrough(unread) {
            passingThrough = 4 + length - unread.readableBytes
            let first = unread
            unread = ByteBuffer()
            return .firstPart(first)
        }
        return try nextFrame().map(Piece.frame)
    }

    /// Lets go of a read once all of it is copied or handed out. Holding on
    /// would make its owner (the TLS handler reuses its buffer) copy the
    /// whole buffer before its next write into it.
    private mutating func releaseUnreadIfEmpty() {
        if unread.readableBytes == 0 { unread = ByteBuffer() }
    }

    /// A length prefix split between reads: its bytes move to a small buffer
    /// of their own rather than keeping (and later duplicating) the read's.
    private mutating func keepOnlyTheUnreadBytes() {
        releaseUnreadIfEmpty()
        guard unread.readableBytes > 0 else { return }
        var prefix = ByteBufferAllocator().buffer(capacity: 4)
        prefix.writeBuffer(&unread)
        unread = prefix
    }
}

extension ByteBuffer {
    /// The frame's bytes after its length prefix.
    var kafkaFrameBody: ByteBuffer {
        getSlice(at: readerIndex + 4, length: readableBytes - 4)!
    }
}
