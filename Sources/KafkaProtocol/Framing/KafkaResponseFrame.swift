import NIOCore

/// One response as a broker sends it. The wire does not say which request a
/// response answers: the reader supplies the API and version it asked with.
public struct KafkaResponseFrame: Hashable, Sendable {
    public var header: ResponseHeader
    public var body: KafkaResponseBody
    public var apiVersion: Int16
    /// Bytes after the body, which Kafka's clients ignore; kept for lossless re-encoding.
    public var trailingBytes: ByteBuffer

    public init(header: ResponseHeader, body: KafkaResponseBody, apiVersion: Int16, trailingBytes: ByteBuffer = ByteBuffer()) {
        self.header = header
        self.body = body
        self.apiVersion = apiVersion
        self.trailingBytes = trailingBytes
    }

    /// Decodes a whole frame (the bytes after the length prefix).
    public init(decoding frame: ByteBuffer, apiKey: KafkaApiKey, apiVersion: Int16) throws(KafkaDecodingError) {
        var buffer = frame
        self.header = try ResponseHeader(from: &buffer, version: apiKey.responseHeaderVersion(for: apiVersion))
        self.body = try KafkaResponseBody(from: &buffer, apiKey: apiKey, version: apiVersion)
        self.apiVersion = apiVersion
        self.trailingBytes = buffer
    }

    /// Writes the frame, length prefix included.
    public func encode(into buffer: inout ByteBuffer) throws(KafkaEncodingError) {
        try buffer.writeKafkaLengthPrefixed { (frame: inout ByteBuffer) throws(KafkaEncodingError) in
            try header.encode(into: &frame, version: body.apiKey.responseHeaderVersion(for: apiVersion))
            try body.encode(into: &frame, version: apiVersion)
            frame.writeImmutableBuffer(trailingBytes)
        }
    }
}
