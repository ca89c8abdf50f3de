import KafkaProtocol
import NIOCore

/// Encodes a response the gateway makes itself, for the request it answers.
enum LocalResponse {
    static func encode(_ body: KafkaResponseBody, correlationId: Int32, version: Int16) throws(KafkaEncodingError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try KafkaResponseFrame(header: ResponseHeader(correlationId: correlationId), body: body, apiVersion: version)
            .encode(into: &buffer)
        return buffer
    }

    /// A raw SASL token for clients that used SaslHandshake v0: only a length prefix, no Kafka header.
    static func rawToken(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(bytes.count))
        buffer.writeBytes(bytes)
        return buffer
    }
}
