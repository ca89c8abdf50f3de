import NIOCore

/// One request as a client sends it: header and body, without the length prefix.
public struct KafkaRequestFrame: Hashable, Sendable {
    public var header: RequestHeader
    public var body: KafkaRequestBody
    /// Bytes after the body. Kafka's broker ignores them, and librdkafka 2.16
    /// sends three after the null topic list of a Metadata v12 request; they
    /// are kept so that re-encoding gives back the frame as it came.
    public var trailingBytes: ByteBuffer

    public var apiKey: KafkaApiKey { body.apiKey }
    public var apiVersion: Int16 { header.requestApiVersion }

    public init(header: RequestHeader, body: KafkaRequestBody, trailingBytes: ByteBuffer = ByteBuffer()) {
        self.header = header
        self.body = body
        self.trailingBytes = trailingBytes
    }

    /// Decodes a whole frame (the bytes after the length prefix).
    public init(decoding frame: ByteBuffer) throws(KafkaDecodingError) {
        var buffer = frame
        let peek = try KafkaRequestHeaderPeek(frame: frame)
        guard let apiKey = KafkaApiKey(rawValue: peek.apiKey) else { throw .unknownApiKey(peek.apiKey) }
        guard apiKey.validVersions.contains(peek.apiVersion) else {
            throw .unsupportedVersion(apiKey: peek.apiKey, version: peek.apiVersion)
        }
        self.header = try RequestHeader(from: &buffer, version: apiKey.requestHeaderVersion(for: peek.apiVersion))
        self.body = try KafkaRequestBody(from: &buffer, apiKey: apiKey, version: peek.apiVersion)
        self.trailingBytes = buffer
    }

    /// Writes the frame, length prefix included.
    public func encode(into buffer: inout ByteBuffer) throws(KafkaEncodingError) {
        let version = header.requestApiVersion
        try buffer.writeKafkaLengthPrefixed { (frame: inout ByteBuffer) throws(KafkaEncodingError) in
            try header.encode(into: &frame, version: apiKey.requestHeaderVersion(for: version))
            try body.encode(into: &frame, version: version)
            frame.writeImmutableBuffer(trailingBytes)
        }
    }
}

/// The first fields of a request header, which every header version shares:
/// enough to route or refuse a request without decoding its body.
public struct KafkaRequestHeaderPeek: Hashable, Sendable {
    public var apiKey: Int16
    public var apiVersion: Int16
    public var correlationId: Int32

    public init(frame: ByteBuffer) throws(KafkaDecodingError) {
        guard let apiKey = frame.getInteger(at: frame.readerIndex, as: Int16.self),
              let apiVersion = frame.getInteger(at: frame.readerIndex + 2, as: Int16.self),
              let correlationId = frame.getInteger(at: frame.readerIndex + 4, as: Int32.self)
        else { throw .truncated }
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationId = correlationId
    }
}
