import KafkaProtocol
import NIOCore

/// Renewing the upstream's SASL session (KIP-368, the client's side). An
/// upstream that limits sessions (Kafka's connections.max.reauth.ms) closes
/// connections that have not re-authenticated by the session's end. As
/// Kafka's own clients do, the gateway re-authenticates between requests: at
/// 85-95 % of the session it holds back new requests, lets those in flight be
/// answered, authenticates again on the same connection, then sends what it
/// held. Reading from the client pauses meanwhile, as while connecting.
extension ClientConnectionHandler {
    func scheduleUpstreamReauthentication(after lifetime: TimeAmount?, of channel: any Channel) {
        upstreamReauthentication?.cancel()
        upstreamReauthentication = nil
        guard let lifetime, let context else { return }
        // Jittered, so that connections opened together do not renew together.
        let delay = TimeAmount.nanoseconds(Int64(Double(lifetime.nanoseconds) * .random(in: 0.85...0.95)))
        upstreamReauthentication = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            guard case .connected(let current) = upstream, current === channel else { return }
            upstream = .reauthenticating(channel, held: [], exchangeStarted: false)
            self.context?.channel.setOption(.autoRead, value: false).whenFailure { _ in }
            reauthenticateUpstreamIfIdle()
        }
    }

    func holdDuringReauthentication(_ frame: ByteBuffer, request: KafkaRequestFrame?) {
        guard case .reauthenticating(let channel, var held, let started) = upstream else { return }
        held.append(.init(frame: frame, request: request))
        upstream = .reauthenticating(channel, held: held, exchangeStarted: started)
    }

    /// Starts the exchange once every request sent on the connection is answered.
    func reauthenticateUpstreamIfIdle() {
        guard case .reauthenticating(let channel, let held, exchangeStarted: false) = upstream,
              inFlight.isEmpty, !responses.isPassingThrough, let context else { return }
        upstream = .reauthenticating(channel, held: held, exchangeStarted: true)
        let client = NIOLoopBound(self, eventLoop: context.eventLoop)
        listener.connector.reauthenticate(channel).whenComplete { result in
            client.value.upstreamReauthenticated(result, channel: channel)
        }
    }

    private func upstreamReauthenticated(_ result: Result<TimeAmount?, any Error>, channel: any Channel) {
        guard case .reauthenticating(let current, let held, _) = upstream, current === channel else { return }
        switch result {
        case .success(let lifetime):
            logger.info("re-authenticated to the upstream", metadata: ["requests held": "\(held.count)"])
            upstream = .connected(channel)
            for held in held {
                if let request = held.request { inFlight.append(request) }
                channel.write(held.frame, promise: nil)
            }
            channel.flush()
            context?.channel.setOption(.autoRead, value: channel.isWritable).whenFailure { _ in }
            scheduleUpstreamReauthentication(after: lifetime, of: channel)
        case .failure(let error):
            upstreamFailed(reason: "re-authentication to the upstream failed: \(error)", channel: channel)
        }
    }
}
