import KafkaProtocol
import NIOCore

/// Sets `throttle_time_ms` in a response frame (4-byte length prefix
/// included) to at least a given wait, keeping a longer one the upstream
/// broker asked for. Where the body begins with the field (most APIs, per
/// the schemas) it is set in place; a Produce response, which carries it
/// last, is decoded and encoded again. A response whose version has no such
/// field is left as it is: the client is still held back by the pause in reading.
enum ResponseThrottleTime {
    /// Returns whether the field was set.
    @discardableResult
    static func stamp(_ frame: inout ByteBuffer, apiKey: KafkaApiKey, version: Int16, milliseconds: Int32) -> Bool {
        if apiKey == .produce { return stampProduce(&frame, version: version, milliseconds: milliseconds) }
        guard let first = apiKey.firstVersionLeadingWithThrottleTime, version >= first,
              let offset = leadingFieldOffset(in: frame, apiKey: apiKey, version: version),
              let current = frame.getInteger(at: offset, as: Int32.self) else { return false }
        if milliseconds > current { frame.setInteger(milliseconds, at: offset) }
        return true
    }

    /// Where the body begins: after the length, the correlation id and, in
    /// a flexible response header, its tagged fields (which this skips).
    private static func leadingFieldOffset(in frame: ByteBuffer, apiKey: KafkaApiKey, version: Int16) -> Int? {
        var reader = frame
        guard reader.readInteger(as: Int32.self) != nil,
              (try? ResponseHeader(from: &reader, version: apiKey.responseHeaderVersion(for: version))) != nil else { return nil }
        return reader.readerIndex
    }

    private static func stampProduce(_ frame: inout ByteBuffer, version: Int16, milliseconds: Int32) -> Bool {
        guard version >= 1,
              var response = try? KafkaResponseFrame(decoding: frame.kafkaFrameBody, apiKey: .produce, apiVersion: version),
              case .produce(var body) = response.body else { return false }
        guard milliseconds > body.throttleTimeMs else { return true }
        body.throttleTimeMs = milliseconds
        response.body = .produce(body)
        var encoded = ByteBuffer()
        guard (try? response.encode(into: &encoded)) != nil else { return false }
        frame = encoded
        return true
    }
}
