import KafkaProtocol
import NIOCore
import PolicyStore

/// A client's frames: answered by the gateway (ApiVersions, SASL), forwarded,
/// or refused. A frame that does not decode closes the connection, as a
/// Kafka broker does.
extension SessionStateMachine {
    /// `decisionLogAccepts`: whether the decision log takes records now; a
    /// gateway that fails closed decides nothing it could not record.
    mutating func frameReceived(
        _ frame: ByteBuffer, now: NIODeadline, policy: GatewayPolicy, apis: NegotiatedApis?, decisionLogAccepts: Bool = true
    ) -> [SessionAction] {
        var actions: [SessionAction] = []
        frameReceivedAt = now
        switch state {
        case .closed:
            return actions
        case .awaitingHandshake:
            close(reason: "a request before the TLS handshake completed", into: &actions)
            return actions
        case .authenticating(let stage) where stage.expectsRawToken:
            rawTokenReceived(frame.kafkaFrameBody, stage: stage, now: now, policy: policy, into: &actions)
            return actions
        case .authenticating, .serving:
            break
        }
        let request: KafkaRequestFrame
        do {
            request = try KafkaRequestFrame(decoding: frame.kafkaFrameBody)
        } catch .unsupportedVersion(let apiKey, _) where apiKey == KafkaApiKey.apiVersions.rawValue {
            answerTooNewApiVersions(frame, apis: apis, into: &actions)
            return actions
        } catch {
            close(reason: "undecodable request: \(error)", into: &actions)
            return actions
        }
        if case .serving(let session) = state, !session.isLive(at: now), !request.apiKey.isSasl {
            // As Kafka: a session past its end serves nothing more, whatever the grace for SASL.
            close(reason: "session expired without re-authentication", into: &actions)
            return actions
        }

        switch request.body {
        case .apiVersions:
            answerApiVersions(request, apis: apis, into: &actions)
        case .saslHandshake(let handshake):
            handshakeReceived(handshake, request: request, now: now, into: &actions)
        case .saslAuthenticate(let authenticate):
            authenticateReceived(authenticate, request: request, now: now, policy: policy, into: &actions)
        default:
            forward(frame, request: request, policy: policy, apis: apis, decisionLogAccepts: decisionLogAccepts, into: &actions)
        }
        return actions
    }

    /// ApiVersions: the negotiated table. Allowed before SASL starts and once
    /// authenticated, not in the middle of an exchange (as Kafka).
    private mutating func answerApiVersions(_ request: KafkaRequestFrame, apis: NegotiatedApis?, into actions: inout [SessionAction]) {
        let allowed = switch state {
        case .authenticating(.initial): true
        case .serving(let session): session.reauthentication == nil
        default: false
        }
        guard allowed else {
            refuse(request, with: .illegalSaslState, into: &actions)
            close(reason: "ApiVersions during a SASL exchange", into: &actions)
            return
        }
        guard let apis else {
            close(reason: "the upstream has not been reached yet", into: &actions)
            return
        }
        let body = ApiVersionsResponse(errorCode: KafkaErrorCode.none.rawValue, apiKeys: apis.advertised)
        respond(.apiVersions(body), to: request, into: &actions)
    }

    /// KIP-511: a client asking with a newer ApiVersions than ours gets a v0
    /// answer listing our table, and retries with a version we know.
    private mutating func answerTooNewApiVersions(_ frame: ByteBuffer, apis: NegotiatedApis?, into actions: inout [SessionAction]) {
        guard let header = try? KafkaRequestHeaderPeek(frame: frame.kafkaFrameBody) else {
            close(reason: "truncated request header", into: &actions)
            return
        }
        let body = ApiVersionsResponse(errorCode: KafkaErrorCode.unsupportedVersion.rawValue, apiKeys: apis?.advertised ?? [])
        enqueue(.apiVersions(body), correlationId: header.correlationId, version: 0, into: &actions)
    }

    /// Forwards a request of a live session whose principal is admitted, in
    /// a version the negotiated table allows, as far as the policy allows
    /// it (`RequestAuthorizer`); anything else never reaches the upstream.
    private mutating func forward(
        _ frame: ByteBuffer, request: KafkaRequestFrame, policy: GatewayPolicy, apis: NegotiatedApis?, decisionLogAccepts: Bool,
        into actions: inout [SessionAction]
    ) {
        guard case .serving(let session) = state else {
            refuse(request, with: .illegalSaslState, into: &actions)
            close(reason: "\(request.apiKey.name) before authentication", into: &actions)
            return
        }
        guard admits(session.principal, policy: policy) else {
            close(reason: "principal removed or disabled", into: &actions)
            return
        }
        guard let apis, apis.allows(request.apiKey, version: request.apiVersion) else {
            refuse(request, with: .unsupportedVersion, into: &actions)
            return
        }
        guard decisionLogAccepts else {
            // Fail closed; retriable for clients, which try again once the log takes records.
            refuse(request, with: .kafkaStorageError, into: &actions)
            return
        }
        authorizeAndSend(frame, request: request, session: session, policy: policy, apis: apis, into: &actions)
    }

    /// Sends what the policy allows of a request, or answers it; a request
    /// naming topic ids the gateway has not seen waits for their names first
    /// (`resolvesUnknownIds`), unless they were just looked up.
    mutating func authorizeAndSend(
        _ frame: ByteBuffer, request: KafkaRequestFrame, session: Session, policy: GatewayPolicy, apis: NegotiatedApis,
        resolvesUnknownIds: Bool = true, into actions: inout [SessionAction]
    ) {
        // acks=0: the upstream sends no response, and neither does the gateway.
        let expectsResponse = if case .produce(let produce) = request.body { produce.acks != 0 } else { true }
        var authorizer = RequestAuthorizer(
            access: RequestAccess(
                authorizer: policy.authorizer,
                subject: policy.accessSubject(for: session.principal, secureTransport: configuration.usesTLS),
                host: clientAddress, now: configuration.wallClock()
            ),
            topicNames: topicNames, resolvesUnknownIds: resolvesUnknownIds
        )
        let verdict = authorizer.authorize(request)
        record(authorizer.access.decisions, for: request, principal: session.principal, into: &actions)
        switch verdict {
        case .resolveTopicIds(let ids):
            lookUpTopicIds(ids, for: TopicLookup(frame: frame, request: request, policy: policy, apis: apis), into: &actions)
        case .answer(let body):
            if expectsResponse { respond(body, to: request, into: &actions) }
        case .administer:
            let ticket = responses.expectGatewayAnswer(answering: answering(request))
            actions.append(.administer(request, ticket: ticket, actor: session.principal.description))
        case .forward(nil, let amendment):
            countProduced(request.body, into: &actions)
            send(frame, expecting: expectsResponse ? ForwardedRequest(request: request, amendment: amendment) : nil, into: &actions)
        case .forward(let body?, let amendment):
            send(body, as: request.apiVersion, of: request, amendment: amendment, expectsResponse: expectsResponse, into: &actions)
        case .forwardAs(let version, let body, let amendment):
            guard apis.allows(request.apiKey, version: version) else {
                // The upstream cannot take the version that says what must be said: nothing goes.
                refuse(request, with: .topicAuthorizationFailed, into: &actions)
                return
            }
            send(body, as: version, of: request, amendment: amendment, expectsResponse: expectsResponse, into: &actions)
        }
    }

    /// Sends `body` in place of the client's request body, in `version`.
    private mutating func send(
        _ body: KafkaRequestBody, as version: Int16, of request: KafkaRequestFrame, amendment: ResponseAmendment?,
        expectsResponse: Bool, into actions: inout [SessionAction]
    ) {
        var narrowed = request
        narrowed.body = body
        narrowed.header.requestApiVersion = version
        var encoded = ByteBuffer()
        do {
            try narrowed.encode(into: &encoded)
        } catch {
            close(reason: "could not encode the allowed part of a \(request.apiKey.name) request: \(error)", into: &actions)
            return
        }
        countProduced(body, into: &actions)
        let forwarded = ForwardedRequest(
            request: request, amendment: amendment, upstreamVersion: version == request.apiVersion ? nil : version
        )
        send(encoded, expecting: expectsResponse ? forwarded : nil, into: &actions)
    }

    /// Sends a frame upstream, or queues it while the upstream is not ready;
    /// `forwarded` is nil when no response is due. A topic lookup's response
    /// is the gateway's, so no client response waits for it.
    mutating func send(_ frame: ByteBuffer, expecting forwarded: ForwardedRequest?, into actions: inout [SessionAction]) {
        if let forwarded, forwarded.lookup == nil { responses.expectUpstreamResponse(answering: answering(forwarded.request)) }
        switch upstream {
        case .connected(let id):
            if let forwarded { inFlight.append(forwarded) }
            actions.append(.forward(frame, to: id))
        case .connecting(let id, var pending):
            if let forwarded { inFlight.append(forwarded) }
            pending.append(frame)
            upstream = .connecting(id, pending: pending)
        case .renewing(let id, var held, let started):
            // Joins the requests in flight once the renewal is over, in order.
            held.append(.init(frame: frame, request: forwarded))
            upstream = .renewing(id, held: held, exchangeStarted: started)
        case .notConnected:
            if let forwarded { inFlight.append(forwarded) }
            connectUpstream(sending: [frame], into: &actions)
        case .closed:
            break
        }
    }

    /// Records from a Produce request that go upstream, for the traffic metrics.
    private func countProduced(_ body: KafkaRequestBody, into actions: inout [SessionAction]) {
        if case .produce(let produce) = body { actions.append(.count(.produced(produce))) }
    }

    /// Counts every decision, and passes those worth recording to the decision log.
    mutating func record(
        _ decisions: [AccessDecision], for request: KafkaRequestFrame, principal: SessionPrincipal, into actions: inout [SessionAction]
    ) {
        if !decisions.isEmpty { actions.append(.count(.decided(request.apiKey, decisions))) }
        let worth = recordedAllows.worthRecording(decisions, everyAllow: configuration.recordsEveryAllow)
        guard !worth.isEmpty else { return }
        guard case .serving(let session) = state else { return }
        actions.append(.record(DecisionsToRecord(
            principal: principal, mechanism: session.mechanismName, apiKey: request.apiKey, apiVersion: request.apiVersion,
            decisions: worth
        )))
    }

    /// Answers `request` with its API's response carrying `error`.
    mutating func refuse(_ request: KafkaRequestFrame, with error: KafkaErrorCode, into actions: inout [SessionAction]) {
        respond(.refusal(of: request.body, errorCode: error.rawValue), to: request, into: &actions)
    }

    mutating func respond(_ body: KafkaResponseBody, to request: KafkaRequestFrame, into actions: inout [SessionAction]) {
        enqueue(body, correlationId: request.header.correlationId, version: request.apiVersion, into: &actions)
    }

    private mutating func enqueue(_ body: KafkaResponseBody, correlationId: Int32, version: Int16, into actions: inout [SessionAction]) {
        do {
            responses.enqueueLocal(
                try LocalResponse.encode(body, correlationId: correlationId, version: version),
                answering: AnsweredRequest(apiKey: body.apiKey, apiVersion: version, receivedAt: frameReceivedAt)
            )
            flushResponses(into: &actions)
        } catch {
            close(reason: "could not encode a \(body.apiKey.name) response: \(error)", into: &actions)
        }
    }
}

extension KafkaApiKey {
    /// The APIs of an authentication exchange, allowed past a session's end.
    var isSasl: Bool { self == .saslHandshake || self == .saslAuthenticate }
}
