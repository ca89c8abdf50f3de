import KafkaProtocol
import NIOCore
import NIOEmbedded
import NIOTestUtils
import XCTest

/// Frames: cutting a stream, refusing what is too large, and decoding whole requests.
final class FrameDecodingTests: XCTestCase {
    func testDecoderCutsFramesWhateverTheChunking() throws {
        let frames = ["first", "", "third frame"].map { ByteBuffer(string: $0) }
        var stream = ByteBuffer()
        for frame in frames {
            stream.writeInteger(Int32(frame.readableBytes))
            stream.writeImmutableBuffer(frame)
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(stream, frames)],
            decoderFactory: { KafkaFrameDecoder(maximumFrameLength: 64) }
        )
    }

    func testAnnouncedFrameOverTheLimitIsRefusedBeforeBuffering() {
        // A 100 MiB length prefix and nothing else: refused from the prefix alone.
        var stream = ByteBuffer()
        stream.writeInteger(Int32(100 << 20))
        let decoder = KafkaFrameDecoder(maximumFrameLength: 64 << 10)
        XCTAssertThrowsError(try decoder.nextFrame(from: &stream)) {
            XCTAssertEqual($0 as? KafkaDecodingError, .frameTooLarge(size: 100 << 20, limit: 64 << 10))
        }
    }

    func testNegativeFrameLengthIsRefused() {
        var stream = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertThrowsError(try KafkaFrameDecoder(maximumFrameLength: 64).nextFrame(from: &stream)) {
            XCTAssertEqual($0 as? KafkaDecodingError, .invalidLength(-1))
        }
    }

    func testOversizedFrameClosesThePipelineWithTheError() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: 16)))
        var stream = ByteBuffer()
        stream.writeInteger(Int32(17))
        XCTAssertThrowsError(try channel.writeInbound(stream)) {
            XCTAssertEqual($0 as? KafkaDecodingError, .frameTooLarge(size: 17, limit: 16))
        }
    }

    func testRequestFrameRoundTripsWithItsHeader() throws {
        let frame = KafkaRequestFrame(
            header: RequestHeader(requestApiKey: 3, requestApiVersion: 12, correlationId: 7, clientId: "rdkafka"),
            body: .metadata(MetadataRequest(topics: [.init(name: "orders")], allowAutoTopicCreation: false))
        )
        var wire = ByteBuffer()
        try frame.encode(into: &wire)
        let length = wire.readInteger(as: Int32.self)
        XCTAssertEqual(Int(length!), wire.readableBytes)
        XCTAssertEqual(try KafkaRequestFrame(decoding: wire), frame)
        XCTAssertEqual(frame.body.message.resourceReferences(version: 12), [.topicName("orders")])
    }

    func testUnknownApiKeyIsRefused() {
        let frame = ByteBuffer(bytes: [0x03, 0xE7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF])
        XCTAssertThrowsError(try KafkaRequestFrame(decoding: frame)) { XCTAssertEqual($0 as? KafkaDecodingError, .unknownApiKey(999)) }
    }

    func testVersionBeyondTheSchemaIsRefusedWithItsApiKey() throws {
        let header = try KafkaRequestHeaderPeek(frame: ByteBuffer(bytes: [0x00, 0x12, 0x00, 0x63, 0x00, 0x00, 0x00, 0x09]))
        XCTAssertEqual(header, try KafkaRequestHeaderPeek(frame: ByteBuffer(bytes: [0x00, 0x12, 0x00, 0x63, 0x00, 0x00, 0x00, 0x09, 0x01])))
        XCTAssertEqual(header.correlationId, 9)
        XCTAssertThrowsError(try KafkaRequestFrame(decoding: ByteBuffer(bytes: [0x00, 0x12, 0x00, 0x63, 0x00, 0x00, 0x00, 0x09]))) {
            XCTAssertEqual($0 as? KafkaDecodingError, .unsupportedVersion(apiKey: 18, version: 99))
        }
    }

    func testTrailingBytesAfterTheBodyAreKeptAsKafkaIgnoresThem() throws {
        var wire = ByteBuffer()
        try KafkaRequestFrame(
            header: RequestHeader(requestApiKey: 12, requestApiVersion: 0, correlationId: 1, clientId: nil),
            body: .heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m"))
        ).encode(into: &wire)
        wire.moveReaderIndex(forwardBy: 4)
        wire.writeBytes([0x01, 0x00, 0x00])
        let frame = try KafkaRequestFrame(decoding: wire)
        XCTAssertEqual(frame.trailingBytes, ByteBuffer(bytes: [0x01, 0x00, 0x00]))
        var reencoded = ByteBuffer()
        try frame.encode(into: &reencoded)
        XCTAssertEqual(reencoded.getSlice(at: 4, length: reencoded.readableBytes - 4), wire)
    }

    /// librdkafka 2.16 (confluent-kafka's AdminClient.list_topics) sends three
    /// bytes after the body of a Metadata v12 request for every topic.
    func testLibrdkafkaMetadataWithTrailingBytesDecodes() throws {
        let frame = ByteBuffer(bytes: [
            0x00, 0x03, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x03, 0x00, 0x07,
            0x72, 0x64, 0x6B, 0x61, 0x66, 0x6B, 0x61, 0x00,  // header v2: "rdkafka", no tags
            0x00, 0x00, 0x00, 0x00,  // topics null, no auto-creation, no authorized operations, no tags
            0x01, 0x00, 0x00,
        ])
        let request = try KafkaRequestFrame(decoding: frame)
        XCTAssertEqual(request.body, .metadata(MetadataRequest(topics: nil, allowAutoTopicCreation: false)))
        XCTAssertEqual(request.trailingBytes.readableBytes, 3)
    }

    func testApiVersionsResponsesAlwaysUseHeaderVersionZero() {
        XCTAssertEqual(KafkaApiKey.apiVersions.responseHeaderVersion(for: 4), 0)
        XCTAssertEqual(KafkaApiKey.apiVersions.requestHeaderVersion(for: 4), 2)
        XCTAssertEqual(KafkaApiKey.metadata.responseHeaderVersion(for: 9), 1)
        XCTAssertEqual(KafkaApiKey.metadata.responseHeaderVersion(for: 8), 0)
        XCTAssertEqual(KafkaApiKey.controlledShutdown.requestHeaderVersion(for: 0), 0)
    }
}
