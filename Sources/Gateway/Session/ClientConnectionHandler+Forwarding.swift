import KafkaProtocol
import NIOCore

/// Forwarding: requests go upstream as the client sent them (same bytes, same
/// correlation id; one upstream connection per client keeps their order), and
/// responses come back in order, rewritten where they name brokers.
extension ClientConnectionHandler {
    func forward(_ frame: ByteBuffer, request: KafkaRequestFrame) {
        if case .authenticated(let session) = phase, let expiresAt = session.expiresAt, expiresAt <= .now(),
           session.reauthentication == nil {
            // As Kafka: a session past its end serves nothing more, whatever the grace for SASL.
            close(reason: "session expired without re-authentication")
            return
        }
        guard let apis = listener.cluster.apis, apis.allows(request.apiKey, version: request.apiVersion) else {
            refuse(request, with: .unsupportedVersion)
            return
        }
        // acks=0: the upstream sends no response, and neither does the gateway.
        let expectsResponse = if case .produce(let produce) = request.body { produce.acks != 0 } else { true }
        if expectsResponse { responses.expectUpstreamResponse() }
        if case .reauthenticating = upstream {
            holdDuringReauthentication(frame, request: expectsResponse ? request : nil)
            return
        }
        if expectsResponse { inFlight.append(request) }
        switch upstream {
        case .connected(let channel):
            channel.writeAndFlush(frame, promise: nil)
        case .connecting(var pending):
            pending.append(frame)
            upstream = .connecting(pending: pending)
        case .notConnected:
            connectUpstream(sending: [frame])
        case .closed, .reauthenticating:
            break
        }
    }

    var upstreamChannel: (any Channel)? {
        switch upstream {
        case .connected(let channel), .reauthenticating(let channel, _, _): channel
        case .notConnected, .connecting, .closed: nil
        }
    }

    /// Opens this connection's upstream: the node its port stands for, or a
    /// bootstrap broker. Reading from the client pauses until it is open.
    func connectUpstream(sending pending: [ByteBuffer] = []) {
        guard case .notConnected = upstream, let context else { return }
        let target = listener.upstreamNode.flatMap(listener.cluster.endpoint(ofNode:)) ?? listener.cluster.bootstrap.first
        guard let target else {
            close(reason: "no upstream broker is known")
            return
        }
        upstream = .connecting(pending: pending)
        context.channel.setOption(.autoRead, value: false).whenFailure { _ in }
        let client = NIOLoopBound(self, eventLoop: context.eventLoop)
        let maximumResponseSize = listener.limits.maximumResponseSize
        listener.connector.connect(to: target, on: context.eventLoop) { channel in
            try channel.pipeline.syncOperations.addHandler(
                UpstreamFrameHandler(client: client, maximumResponseSize: maximumResponseSize)
            )
        }.whenComplete { result in
            client.value.upstreamConnectCompleted(result, target: target)
        }
    }

    private func upstreamConnectCompleted(_ result: Result<UpstreamConnection, any Error>, target: UpstreamEndpoint) {
        switch (result, upstream) {
        case (.success(let connection), .connecting(let pending)):
            let channel = connection.channel
            upstream = .connected(channel)
            for frame in pending { channel.write(frame, promise: nil) }
            channel.flush()
            context?.channel.setOption(.autoRead, value: true).whenFailure { _ in }
            scheduleUpstreamReauthentication(after: connection.sessionLifetime, of: channel)
        case (.success(let connection), _):
            connection.channel.close(promise: nil)
        case (.failure(let error), .connecting):
            upstreamUnavailable(reason: "cannot reach \(target): \(error)")
        case (.failure, _):
            break
        }
    }

    func upstreamDidRead(_ frame: ByteBuffer, from channel: any Channel) {
        guard isCurrentUpstream(channel) else { return }
        guard let request = inFlight.first else {
            upstreamFailed(reason: "a response nobody asked for", channel: channel)
            return
        }
        guard frame.getInteger(at: frame.readerIndex + 4, as: Int32.self) == request.header.correlationId else {
            upstreamFailed(reason: "a response out of order", channel: channel)
            return
        }
        var response = frame
        if AddressRewriter.needsRewriting(request.apiKey) {
            do {
                response = try rewrite(frame, answering: request)
            } catch {
                upstreamFailed(reason: "an undecodable \(request.apiKey.name) response: \(error)", channel: channel)
                return
            }
        }
        inFlight.removeFirst()
        _ = responses.fulfilUpstream(with: response)
        flushResponses()
        reauthenticateUpstreamIfIdle()
    }

    /// A large response that needs no rewriting is written to the client as
    /// it arrives rather than gathered first (one copy less, and no buffer
    /// the size of a whole Fetch response), when it is the next one the
    /// client is due.
    func mayPassThrough(responseStart: ByteBuffer, from channel: any Channel) -> Bool {
        guard isCurrentUpstream(channel), let request = inFlight.first, !AddressRewriter.needsRewriting(request.apiKey),
              responses.upstreamResponseIsNext else { return false }
        return responseStart.getInteger(at: responseStart.readerIndex + 4, as: Int32.self) == request.header.correlationId
    }

    func upstreamDidBeginPassingThrough(_ part: ByteBuffer, from channel: any Channel) {
        guard isCurrentUpstream(channel), let context else { return }
        inFlight.removeFirst()
        responses.beginPassingThrough()
        context.write(wrapOutboundOut(part), promise: nil)
    }

    /// Parts are flushed once per batch of upstream reads (`upstreamReadComplete`), not one by one.
    func upstreamDidPassThrough(_ part: ByteBuffer, isLast: Bool, from channel: any Channel) {
        guard isCurrentUpstream(channel), let context else { return }
        context.write(wrapOutboundOut(part), promise: nil)
        guard isLast else { return }
        responses.finishPassingThrough()
        context.flush()
        flushResponses()
        reauthenticateUpstreamIfIdle()
    }

    func upstreamReadComplete(from channel: any Channel) {
        guard responses.isPassingThrough, isCurrentUpstream(channel) else { return }
        context?.flush()
    }

    private func rewrite(_ frame: ByteBuffer, answering request: KafkaRequestFrame) throws -> ByteBuffer {
        var response = try KafkaResponseFrame(decoding: frame.kafkaFrameBody, apiKey: request.apiKey, apiVersion: request.apiVersion)
        if case .metadata(let metadata) = response.body {
            listener.cluster.learn(brokers: metadata.brokers)
        }
        listener.rewriter.rewrite(&response.body)
        var buffer = ByteBuffer()
        try response.encode(into: &buffer)
        return buffer
    }

    func upstreamWritabilityChanged(isWritable: Bool, channel: any Channel) {
        // While it re-authenticates, reading from the client stays paused.
        guard case .connected(let current) = upstream, current === channel else { return }
        // Read from the client only as fast as the upstream takes the requests.
        context?.channel.setOption(.autoRead, value: isWritable).whenFailure { _ in }
    }

    /// The upstream connection broke, closed or misbehaved. Callbacks from a
    /// connection already given up on are ignored.
    func upstreamFailed(reason: String, channel: any Channel) {
        guard isCurrentUpstream(channel) else { return }
        channel.close(promise: nil)
        upstreamUnavailable(reason: reason)
    }

    /// Answers every request in flight with the retriable error a broker
    /// would send (see `UpstreamOutage`), or closes the client connection at
    /// the first one that has no such answer; the next request reconnects.
    private func upstreamUnavailable(reason: String) {
        logger.warning("upstream connection lost", metadata: ["reason": "\(reason)", "requests in flight": "\(inFlight.count)"])
        upstreamReauthentication?.cancel()
        if case .reauthenticating(_, let held, _) = upstream {
            // Held back, never sent: answered after those in flight, as if sent.
            inFlight.append(contentsOf: held.compactMap(\.request))
        }
        upstream = .notConnected
        if responses.isPassingThrough {
            close(reason: "upstream connection lost in the middle of a response")
            return
        }
        while let request = inFlight.popFirst() {
            guard let error = UpstreamOutage.retriableError(for: request.apiKey) else {
                close(reason: "upstream connection lost with a \(request.apiKey.name) request in flight")
                return
            }
            do {
                let body = KafkaResponseBody.refusal(of: request.body, errorCode: error.rawValue)
                _ = responses.fulfilUpstream(with: try LocalResponse.encode(body, correlationId: request.header.correlationId, version: request.apiVersion))
            } catch {
                close(reason: "could not encode a \(request.apiKey.name) error response: \(error)")
                return
            }
        }
        flushResponses()
        context?.channel.setOption(.autoRead, value: true).whenFailure { _ in }
    }

    private func isCurrentUpstream(_ channel: any Channel) -> Bool {
        upstreamChannel === channel
    }

    func closeUpstream() {
        upstreamReauthentication?.cancel()
        upstreamChannel?.close(promise: nil)
        upstream = .closed
    }
}
