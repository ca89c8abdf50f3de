import KafkaProtocol
import NIOCore

extension ClientConnectionHandler {
    /// Decodes one frame and answers, forwards or refuses it. A frame that
    /// does not decode closes the connection, as a Kafka broker does.
    func handle(frame: ByteBuffer) {
        if case .unauthenticated(let stage) = phase, stage.expectsRawToken {
            handleRawToken(frame.kafkaFrameBody, stage: stage)
            return
        }
        let request: KafkaRequestFrame
        do {
            request = try KafkaRequestFrame(decoding: frame.kafkaFrameBody)
        } catch .unsupportedVersion(let apiKey, _) where apiKey == KafkaApiKey.apiVersions.rawValue {
            answerTooNewApiVersions(frame)
            return
        } catch {
            close(reason: "undecodable request: \(error)")
            return
        }

        switch request.body {
        case .apiVersions:
            answerApiVersions(request)
        case .saslHandshake(let handshake):
            handleHandshake(handshake, request: request)
        case .saslAuthenticate(let authenticate):
            handleAuthenticate(authenticate, request: request)
        default:
            guard case .authenticated = phase else {
                refuse(request, with: .illegalSaslState)
                close(reason: "\(request.apiKey.name) before authentication")
                return
            }
            forward(frame, request: request)
        }
    }

    /// ApiVersions: the negotiated table. Allowed before SASL starts and once
    /// authenticated, not in the middle of an exchange (as Kafka).
    private func answerApiVersions(_ request: KafkaRequestFrame) {
        let allowed = switch phase {
        case .unauthenticated(.initial): true
        case .authenticated(let session): session.reauthentication == nil
        default: false
        }
        guard allowed else {
            refuse(request, with: .illegalSaslState)
            close(reason: "ApiVersions during a SASL exchange")
            return
        }
        guard let apis = listener.cluster.apis else {
            close(reason: "the upstream has not been reached yet")
            return
        }
        let body = ApiVersionsResponse(errorCode: KafkaErrorCode.none.rawValue, apiKeys: apis.advertised)
        respond(.apiVersions(body), to: request)
    }

    /// KIP-511: a client asking with a newer ApiVersions than ours gets a v0
    /// answer listing our table, and retries with a version we know.
    private func answerTooNewApiVersions(_ frame: ByteBuffer) {
        guard let header = try? KafkaRequestHeaderPeek(frame: frame.kafkaFrameBody) else {
            close(reason: "truncated request header")
            return
        }
        let body = ApiVersionsResponse(
            errorCode: KafkaErrorCode.unsupportedVersion.rawValue,
            apiKeys: listener.cluster.apis?.advertised ?? []
        )
        enqueue(.apiVersions(body), correlationId: header.correlationId, version: 0)
    }

    /// Answers `request` with its API's response carrying `error`.
    func refuse(_ request: KafkaRequestFrame, with error: KafkaErrorCode) {
        respond(.refusal(of: request.body, errorCode: error.rawValue), to: request)
    }

    func respond(_ body: KafkaResponseBody, to request: KafkaRequestFrame) {
        enqueue(body, correlationId: request.header.correlationId, version: request.apiVersion)
    }

    private func enqueue(_ body: KafkaResponseBody, correlationId: Int32, version: Int16) {
        do {
            responses.enqueueLocal(try LocalResponse.encode(body, correlationId: correlationId, version: version))
            flushResponses()
        } catch {
            close(reason: "could not encode a \(body.apiKey.name) response: \(error)")
        }
    }
}

extension SaslStage {
    /// After a SaslHandshake v0, SASL tokens come as bare length-prefixed bytes.
    var expectsRawToken: Bool {
        switch self {
        case .initial: false
        case .handshaken(_, let raw), .exchanging(_, let raw): raw
        }
    }
}
