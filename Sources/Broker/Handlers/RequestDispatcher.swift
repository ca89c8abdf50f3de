import KafkaProtocol
import Logging
import NIOCore

/// Decodes a request frame, hands it to its handler, and encodes the answer.
///
/// A request this broker does not implement (or a version it does not serve)
/// gets UNSUPPORTED_VERSION in the API's own response, never silence; only a
/// frame that cannot be decoded at all closes the connection, as Kafka does.
struct RequestDispatcher: Sendable {
    let handlers: RequestHandlers
    let logger: Logger

    func respond(to frame: ByteBuffer, connection: ConnectionContext) async -> DispatchOutcome {
        let request: KafkaRequestFrame
        do {
            request = try KafkaRequestFrame(decoding: frame)
        } catch .unsupportedVersion(let apiKey, _) where apiKey == KafkaApiKey.apiVersions.rawValue {
            // KIP-511: answer a too-new ApiVersions in v0 so the client can retry lower.
            guard let header = try? KafkaRequestHeaderPeek(frame: frame) else { return .close(reason: "truncated header") }
            let body = ApiVersionsResponse(errorCode: KafkaErrorCode.unsupportedVersion.rawValue, apiKeys: SupportedApis.advertised)
            return encode(.apiVersions(body), correlationId: header.correlationId, version: 0)
        } catch {
            let header = try? KafkaRequestHeaderPeek(frame: frame)
            return .close(reason: "undecodable request (api \(header?.apiKey ?? -1) v\(header?.apiVersion ?? -1)): \(error)")
        }

        let version = request.apiVersion
        guard SupportedApis.supports(request.apiKey, version: version) else {
            let refusal = KafkaResponseBody.refusal(of: request.body, errorCode: KafkaErrorCode.unsupportedVersion.rawValue)
            return encode(refusal, correlationId: request.header.correlationId, version: version)
        }
        guard let body = await handlers.handle(request, connection: connection) else { return .noResponse }
        return encode(body, correlationId: request.header.correlationId, version: version)
    }

    private func encode(_ body: KafkaResponseBody, correlationId: Int32, version: Int16) -> DispatchOutcome {
        let frame = KafkaResponseFrame(header: ResponseHeader(correlationId: correlationId), body: body, apiVersion: version)
        var buffer = ByteBuffer()
        do {
            try frame.encode(into: &buffer)
        } catch {
            logger.error("could not encode a response", metadata: ["api": "\(body.apiKey.name)", "error": "\(error)"])
            return .close(reason: "response could not be encoded")
        }
        return .response(buffer)
    }
}
