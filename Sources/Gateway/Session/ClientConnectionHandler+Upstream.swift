import KafkaProtocol
import NIOCore

/// The upstream connection's I/O: opening and renewing it when the machine
/// asks, and handing it what the connection does (`UpstreamFrameHandler`
/// calls these on the same event loop).
extension ClientConnectionHandler {
    /// Opens the upstream: the node this listener's port stands for, or a bootstrap broker.
    func connectUpstream(_ id: UpstreamID) {
        guard let context else { return }
        let target = listener.upstreamNode.flatMap(listener.cluster.endpoint(ofNode:)) ?? listener.cluster.bootstrap.first
        guard let target else {
            perform(machine.upstreamFailed(id, .connectFailed, reason: "no upstream broker is known"))
            return
        }
        let client = NIOLoopBound(self, eventLoop: context.eventLoop)
        let maximumResponseSize = listener.limits.maximumResponseSize
        listener.connector.connect(to: target, on: context.eventLoop) { channel in
            try channel.pipeline.syncOperations.addHandler(
                UpstreamFrameHandler(client: client, id: id, maximumResponseSize: maximumResponseSize)
            )
        }.whenComplete { result in
            let handler = client.value
            switch result {
            case .success(let connection):
                handler.upstreamChannels[id] = connection.channel
                handler.perform(handler.machine.upstreamConnected(id, sessionLifetime: connection.sessionLifetime))
            case .failure(let error):
                handler.perform(handler.machine.upstreamFailed(
                    id, UpstreamFailure(error, otherwise: .connectFailed), reason: "cannot reach \(target): \(error)"
                ))
            }
        }
    }

    func renewUpstream(_ id: UpstreamID) {
        guard let channel = upstreamChannels[id], let context else { return }
        let client = NIOLoopBound(self, eventLoop: context.eventLoop)
        listener.connector.reauthenticate(channel).whenComplete { result in
            let handler = client.value
            switch result {
            case .success(let lifetime):
                handler.perform(handler.machine.upstreamRenewed(id, sessionLifetime: lifetime))
            case .failure(let error):
                handler.perform(handler.machine.upstreamFailed(
                    id, UpstreamFailure(error, otherwise: .disconnected), reason: "re-authentication to the upstream failed: \(error)"
                ))
            }
        }
    }

    func upstreamDidRead(_ frame: ByteBuffer, from id: UpstreamID) {
        let quotas = listener.policy.quotas
        let received = NIODeadline.now()
        defer { spentOnRequests(since: received, quotas: quotas) }
        let throttle = responseThrottle(bytes: frame.readableBytes, quotas: quotas, now: received)
        perform(machine.upstreamResponded(id, frame: frame, throttle: throttle) { frame, forwarded in
            guard AddressRewriter.needsRewriting(forwarded.apiKey) || forwarded.amendment != nil || forwarded.upstreamVersion != nil else {
                return (frame, [])
            }
            return try rewrite(frame, answering: forwarded)
        })
    }

    /// A Produce response is kept whole while user quotas exist: its throttle time is its last field.
    func mayPassThrough(responseStart: ByteBuffer, from id: UpstreamID) -> Bool {
        let stampsProduce = listener.quotaAccounting != nil && listener.policy.quotas.limitsUsers
        return machine.mayPassThrough(id, responseStart: responseStart) { api in
            AddressRewriter.needsRewriting(api) || (stampsProduce && api == .produce)
        }
    }

    func upstreamDidBeginPassingThrough(_ part: ByteBuffer, from id: UpstreamID) {
        let quotas = listener.policy.quotas
        let frameSize = 4 + Int(part.getInteger(at: part.readerIndex, as: Int32.self) ?? 0)
        let throttle = responseThrottle(bytes: frameSize, quotas: quotas, now: .now())
        perform(machine.upstreamPassThroughBegan(id, firstPart: part, throttle: throttle))
    }

    func upstreamDidPassThrough(_ part: ByteBuffer, isLast: Bool, from id: UpstreamID) {
        perform(machine.upstreamPassedThrough(id, part: part, isLast: isLast))
    }

    func upstreamReadComplete(from id: UpstreamID) {
        perform(machine.upstreamReadComplete(id))
    }

    func upstreamWritabilityChanged(isWritable: Bool, from id: UpstreamID) {
        perform(machine.upstreamWritabilityChanged(id, isWritable: isWritable))
    }

    func upstreamFailed(_ failure: UpstreamFailure, reason: String, from id: UpstreamID) {
        perform(machine.upstreamFailed(id, failure, reason: reason))
    }

    /// Broker addresses become the gateway's (and Metadata teaches the
    /// cluster its nodes and the gateway topic ids); then the amendment
    /// authorization asked for is applied.
    private func rewrite(_ frame: ByteBuffer, answering forwarded: ForwardedRequest) throws -> (ByteBuffer, [AccessDecision]) {
        let request = forwarded.request
        var response = try KafkaResponseFrame(
            decoding: frame.kafkaFrameBody, apiKey: request.apiKey, apiVersion: forwarded.upstreamVersion ?? request.apiVersion
        )
        switch response.body {
        case .metadata(let metadata):
            listener.cluster.learn(brokers: metadata.brokers)
            listener.topicNames.learn(from: metadata)
        case .createTopics(let created):
            listener.topicNames.learn(from: created)
        default:
            break
        }
        listener.rewriter.rewrite(&response.body)
        let decisions = forwarded.amendment?.apply(&response.body) ?? []
        response.apiVersion = request.apiVersion
        var buffer = ByteBuffer()
        try response.encode(into: &buffer)
        return (buffer, decisions)
    }
}
