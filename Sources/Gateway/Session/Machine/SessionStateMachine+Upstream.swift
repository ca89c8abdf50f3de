import KafkaProtocol
import NIOCore

/// The upstream side: one connection per client connection, opened at the
/// first session, answered in request order, renewed before its SASL
/// session ends, and, when it fails, every request in flight answered with
/// the retriable error a broker sends. Events carry the connection's id;
/// those of a connection given up on are ignored, and so is everything
/// after the client has gone.
extension SessionStateMachine {
    /// Opens this connection's upstream; reading from the client pauses until it is open.
    mutating func connectUpstream(sending pending: [ByteBuffer], into actions: inout [SessionAction]) {
        guard case .notConnected = upstream else { return }
        let id = makeUpstreamID()
        upstream = .connecting(id, pending: pending)
        setPaused(.upstreamNotReady, true, into: &actions)
        actions.append(.connectUpstream(id))
    }

    /// The upstream is connected and authenticated; `sessionLifetime` is its SASL session's, if limited.
    mutating func upstreamConnected(_ id: UpstreamID, sessionLifetime: TimeAmount?) -> [SessionAction] {
        guard case .connecting(id, let pending) = upstream else { return [.closeUpstream(id)] }
        var actions: [SessionAction] = []
        upstream = .connected(id)
        if !pending.isEmpty { actions.append(.forwardAll(pending, to: id)) }
        setPaused(.upstreamNotReady, false, into: &actions)
        scheduleUpstreamRenewal(after: sessionLifetime, into: &actions)
        return actions
    }

    /// The upstream could not be reached, broke, closed, or misbehaved.
    mutating func upstreamFailed(_ id: UpstreamID, _ failure: UpstreamFailure, reason: String) -> [SessionAction] {
        guard upstream.id == id, !isClosed else { return [] }
        var actions: [SessionAction] = [.closeUpstream(id), .count(.upstreamFailed(failure))]
        upstreamUnavailable(reason: reason, into: &actions)
        return actions
    }

    /// A whole response; `rewrite` is given the request it answers (it
    /// rewrites broker addresses where the API names them, and applies the
    /// amendment authorization asked for, returning the decisions that took).
    /// `throttle`: the wait the user's quotas give this response, if any.
    mutating func upstreamResponded(
        _ id: UpstreamID, frame: ByteBuffer, throttle: Throttle? = nil,
        rewrite: (ByteBuffer, ForwardedRequest) throws -> (ByteBuffer, [AccessDecision])
    ) -> [SessionAction] {
        guard upstream.id == id, !isClosed else { return [] }
        guard let forwarded = inFlight.first else { return upstreamFailed(id, .protocolViolation, reason: "a response nobody asked for") }
        let request = forwarded.request
        guard frame.getInteger(at: frame.readerIndex + 4, as: Int32.self) == request.header.correlationId else {
            return upstreamFailed(id, .protocolViolation, reason: "a response out of order")
        }
        var response: ByteBuffer
        let decisions: [AccessDecision]
        do {
            (response, decisions) = try rewrite(frame, forwarded)
        } catch {
            return upstreamFailed(id, .protocolViolation, reason: "an undecodable \(request.apiKey.name) response: \(error)")
        }
        var actions: [SessionAction] = []
        if let lookup = forwarded.lookup {
            // The handler learned the names while reading the answer; the client never sees it.
            inFlight.removeFirst()
            topicIdsLookedUp(for: lookup, into: &actions)
            return actions
        }
        if case .serving(let session) = state {
            record(decisions, for: request, principal: session.principal, into: &actions)
        }
        inFlight.removeFirst()
        tell(throttle, in: &response, answering: forwarded, into: &actions)
        _ = responses.fulfilUpstream(with: response)
        flushResponses(into: &actions)
        renewUpstreamIfIdle(into: &actions)
        return actions
    }

    /// Whether a large response may be written to the client as it arrives
    /// (one copy less, no buffer the size of a whole Fetch response): when
    /// it needs no rewriting or amendment and is the next one the client is due.
    func mayPassThrough(_ id: UpstreamID, responseStart: ByteBuffer, needsRewriting: (KafkaApiKey) -> Bool) -> Bool {
        guard upstream.id == id, !isClosed, let forwarded = inFlight.first, forwarded.amendment == nil, forwarded.upstreamVersion == nil,
              !needsRewriting(forwarded.apiKey), responses.upstreamResponseIsNext else { return false }
        return responseStart.getInteger(at: responseStart.readerIndex + 4, as: Int32.self) == forwarded.request.header.correlationId
    }

    /// `throttle` is told in the first part when the field is in it (a
    /// Fetch response's comes right after the header); the pause holds either way.
    mutating func upstreamPassThroughBegan(_ id: UpstreamID, firstPart: ByteBuffer, throttle: Throttle? = nil) -> [SessionAction] {
        guard upstream.id == id, !isClosed, let forwarded = inFlight.popFirst() else { return [] }
        var actions: [SessionAction] = []
        var part = firstPart
        tell(throttle, in: &part, answering: forwarded, into: &actions)
        if let request = responses.beginPassingThrough() { actions.append(.count(.responding(request))) }
        actions.append(.write(part))
        return actions
    }

    /// Parts are flushed once per batch of upstream reads (`upstreamReadComplete`), not one by one.
    mutating func upstreamPassedThrough(_ id: UpstreamID, part: ByteBuffer, isLast: Bool) -> [SessionAction] {
        guard upstream.id == id, !isClosed else { return [] }
        var actions: [SessionAction] = [.write(part)]
        guard isLast else { return actions }
        responses.finishPassingThrough()
        actions.append(.flush)
        flushResponses(into: &actions)
        renewUpstreamIfIdle(into: &actions)
        return actions
    }

    func upstreamReadComplete(_ id: UpstreamID) -> [SessionAction] {
        guard upstream.id == id, !isClosed, responses.isPassingThrough else { return [] }
        return [.flush]
    }

    /// Read from the client only as fast as the upstream takes the requests.
    mutating func upstreamWritabilityChanged(_ id: UpstreamID, isWritable: Bool) -> [SessionAction] {
        guard upstream.id == id, !isClosed else { return [] }
        var actions: [SessionAction] = []
        setPaused(.upstreamBackpressure, !isWritable, into: &actions)
        return actions
    }

    /// Answers every request in flight with the retriable error a broker
    /// would send (see `UpstreamOutage`), or closes the client connection at
    /// the first one that has no such answer; the next request reconnects.
    private mutating func upstreamUnavailable(reason: String, into actions: inout [SessionAction]) {
        actions.append(.log(.upstreamLost(reason: reason, requestsInFlight: inFlight.count)))
        disarm(.upstreamRenewal)
        if case .renewing(_, let held, _) = upstream {
            // Held back, never sent: answered after those in flight, as if sent.
            inFlight.append(contentsOf: held.compactMap(\.request))
        }
        upstream = .notConnected
        setPaused([.upstreamNotReady, .upstreamBackpressure], false, into: &actions)
        if responses.isPassingThrough {
            close(reason: "upstream connection lost in the middle of a response", into: &actions)
            return
        }
        while let forwarded = inFlight.popFirst() {
            if let lookup = forwarded.lookup {
                // The last in flight (reading paused at it): its answer goes last.
                setPaused(.resolvingTopicIds, false, into: &actions)
                refuse(lookup.request, with: UpstreamOutage.retriableError(for: lookup.request.apiKey) ?? .unknownServerError, into: &actions)
                continue
            }
            let request = forwarded.request
            guard let error = UpstreamOutage.retriableError(for: request.apiKey) else {
                close(reason: "upstream connection lost with a \(request.apiKey.name) request in flight", into: &actions)
                return
            }
            do {
                let body = KafkaResponseBody.refusal(of: request.body, errorCode: error.rawValue)
                _ = responses.fulfilUpstream(with: try LocalResponse.encode(
                    body, correlationId: request.header.correlationId, version: request.apiVersion
                ))
            } catch {
                close(reason: "could not encode a \(request.apiKey.name) error response: \(error)", into: &actions)
                return
            }
        }
        flushResponses(into: &actions)
    }
}
