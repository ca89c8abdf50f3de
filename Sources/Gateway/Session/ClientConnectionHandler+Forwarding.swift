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
        if expectsResponse {
            responses.expectUpstreamResponse()
            inFlight.append(InFlightRequest(
                apiKey: request.apiKey, apiVersion: request.apiVersion, correlationId: request.header.correlationId
            ))
        }
        switch upstream {
        case .connected(let channel):
            channel.writeAndFlush(frame, promise: nil)
        case .connecting(var pending):
            pending.append(frame)
            upstream = .connecting(pending: pending)
        case .notConnected, .closed:
            close(reason: "no upstream connection")
        }
    }

    var upstreamChannel: (any Channel)? {
        if case .connected(let channel) = upstream { channel } else { nil }
    }

    /// Opens this connection's upstream: the node its port stands for, or a
    /// bootstrap broker. Reading from the client pauses until it is open.
    func connectUpstream() {
        guard case .notConnected = upstream, let context else { return }
        let target = listener.upstreamNode.flatMap(listener.cluster.endpoint(ofNode:)) ?? listener.cluster.bootstrap.first
        guard let target else {
            close(reason: "no upstream broker is known")
            return
        }
        upstream = .connecting(pending: [])
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

    private func upstreamConnectCompleted(_ result: Result<any Channel, any Error>, target: UpstreamEndpoint) {
        switch (result, upstream) {
        case (.success(let channel), .connecting(let pending)):
            upstream = .connected(channel)
            for frame in pending { channel.write(frame, promise: nil) }
            channel.flush()
            context?.channel.setOption(.autoRead, value: true).whenFailure { _ in }
        case (.success(let channel), _):
            channel.close(promise: nil)
        case (.failure(let error), _):
            logger.warning("upstream connection failed", metadata: ["upstream": "\(target)", "error": "\(error)"])
            upstream = .closed
            close(reason: "upstream unreachable")
        }
    }

    func upstreamDidRead(_ frame: ByteBuffer) {
        guard let request = inFlight.popFirst() else {
            upstreamFailed(reason: "a response nobody asked for")
            return
        }
        guard frame.getInteger(at: frame.readerIndex + 4, as: Int32.self) == request.correlationId else {
            upstreamFailed(reason: "a response out of order")
            return
        }
        var response = frame
        if AddressRewriter.needsRewriting(request.apiKey) {
            do {
                response = try rewrite(frame, answering: request)
            } catch {
                upstreamFailed(reason: "an undecodable \(request.apiKey.name) response: \(error)")
                return
            }
        }
        _ = responses.fulfilUpstream(with: response)
        flushResponses()
    }

    private func rewrite(_ frame: ByteBuffer, answering request: InFlightRequest) throws -> ByteBuffer {
        var response = try KafkaResponseFrame(decoding: frame.kafkaFrameBody, apiKey: request.apiKey, apiVersion: request.apiVersion)
        if case .metadata(let metadata) = response.body {
            listener.cluster.learn(brokers: metadata.brokers)
        }
        listener.rewriter.rewrite(&response.body)
        var buffer = ByteBuffer()
        try response.encode(into: &buffer)
        return buffer
    }

    func upstreamWritabilityChanged(isWritable: Bool) {
        // Read from the client only as fast as the upstream takes the requests.
        context?.channel.setOption(.autoRead, value: isWritable).whenFailure { _ in }
    }

    /// The upstream went away: the client sees what a broker's disconnect
    /// looks like (its requests in flight are retried on a new connection).
    func upstreamFailed(reason: String) {
        guard case .connected = upstream else { return }
        upstream = .closed
        close(reason: reason)
    }

    func closeUpstream() {
        if case .connected(let channel) = upstream {
            channel.close(promise: nil)
        }
        upstream = .closed
    }
}
