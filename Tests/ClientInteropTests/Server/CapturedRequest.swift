import KafkaProtocol
import NIOCore

/// One request frame exactly as a client sent it (without the length
/// prefix), and what the codec made of it.
struct CapturedRequest: Sendable {
    /// What decoding the frame and encoding the result again gave.
    enum RoundTrip: Sendable, Hashable {
        /// Decoded, and re-encoded to the very same bytes.
        case identical
        /// Decoded, but re-encoded to other bytes (the frame, length prefix removed).
        case reencodedDifferently(ByteBuffer)
        case decodingFailed(KafkaDecodingError)
        case encodingFailed(KafkaEncodingError)
        /// An ApiVersions request newer than the codec knows: Kafka's rule is
        /// to answer it with UNSUPPORTED_VERSION, not to decode it.
        case newerApiVersionsProbe
    }

    let connection: Int
    let apiKey: Int16
    let apiVersion: Int16
    let correlationId: Int32
    let frame: ByteBuffer
    let roundTrip: RoundTrip

    var api: KafkaApiKey? { KafkaApiKey(rawValue: apiKey) }
    var apiName: String { api?.name ?? "ApiKey\(apiKey)" }

    /// Peeks, decodes and re-encodes `frame`; returns the capture and, when
    /// decoding succeeded, the decoded request.
    static func capture(_ frame: ByteBuffer, connection: Int) -> (CapturedRequest, KafkaRequestFrame?) {
        let peek = try? KafkaRequestHeaderPeek(frame: frame)
        let apiKey = peek?.apiKey ?? -1
        let apiVersion = peek?.apiVersion ?? -1
        func captured(_ roundTrip: RoundTrip) -> CapturedRequest {
            CapturedRequest(
                connection: connection, apiKey: apiKey, apiVersion: apiVersion,
                correlationId: peek?.correlationId ?? -1, frame: frame, roundTrip: roundTrip
            )
        }
        if apiKey == KafkaApiKey.apiVersions.rawValue, apiVersion > KafkaApiKey.apiVersions.validVersions.upperBound {
            return (captured(.newerApiVersionsProbe), nil)
        }
        let request: KafkaRequestFrame
        do {
            request = try KafkaRequestFrame(decoding: frame)
        } catch {
            return (captured(.decodingFailed(error)), nil)
        }
        var encoded = ByteBuffer()
        do {
            try request.encode(into: &encoded)
        } catch {
            return (captured(.encodingFailed(error)), request)
        }
        encoded.moveReaderIndex(forwardBy: 4)
        return (captured(encoded == frame ? .identical : .reencodedDifferently(encoded)), request)
    }
}

extension CapturedRequest: CustomStringConvertible {
    var description: String {
        let what = "\(apiName) v\(apiVersion) (correlation \(correlationId), connection \(connection), \(frame.readableBytes) bytes)"
        switch roundTrip {
        case .identical: return "\(what): round-trips"
        case .newerApiVersionsProbe: return "\(what): newer than the codec, answered UNSUPPORTED_VERSION"
        case .decodingFailed(let error): return "\(what): decoding failed: \(error)\n  frame \(frame.hexDump)"
        case .encodingFailed(let error): return "\(what): re-encoding failed: \(error)"
        case .reencodedDifferently(let encoded):
            return "\(what): re-encoded differently, \(ByteDifference(expected: frame, actual: encoded))"
        }
    }
}
