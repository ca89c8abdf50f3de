import KafkaProtocol
import NIOCore

/// Quotas, as Kafka enforces them (KIP-219): a response past its user's
/// quota goes out at once carrying `throttle_time_ms`, and the connection
/// reads nothing more until the wait is over, so a client that ignores the
/// field is held back all the same and nothing is dropped. The handler
/// measures the user's rates and says how long to wait; a longer wait
/// replaces a shorter one still running, never the reverse.
///
/// A Produce request's wait is known when it is read (its bytes are what is
/// measured), and reading pauses then: requests the client pipelined behind
/// it wait as they would behind a Kafka broker, which reads one request of
/// a connection at a time. Its response tells the wait when it comes. The
/// wait of a Fetch response (its bytes) or of the request time is known
/// when the response comes, and applies from then.
extension SessionStateMachine {
    /// The Produce request just sent went past the user's producer quota.
    mutating func produceThrottled(_ throttle: Throttle) -> [SessionAction] {
        var actions: [SessionAction] = []
        guard !isClosed else { return actions }
        if let last = inFlight.indices.last, inFlight[last].apiKey == .produce, inFlight[last].lookup == nil {
            let told = Throttle.longer(inFlight[last].throttle, throttle)
            inFlight[last].throttle = told
        } else if case .renewing(let id, var held, let started) = upstream, let last = held.indices.last,
                  held[last].request?.apiKey == .produce {
            let told = Throttle.longer(held[last].request?.throttle, throttle)
            held[last].request?.throttle = told
            upstream = .renewing(id, held: held, exchangeStarted: started)
        }
        hold(for: throttle, into: &actions)
        return actions
    }

    /// Tells `request`'s client the longer of `throttle` (decided now) and the
    /// wait its request was given, in `response`; pauses reading for `throttle`.
    mutating func tell(
        _ throttle: Throttle?, in response: inout ByteBuffer, answering forwarded: ForwardedRequest, into actions: inout [SessionAction]
    ) {
        if let throttle { hold(for: throttle, into: &actions) }
        guard let told = Throttle.longer(throttle, forwarded.throttle) else { return }
        ResponseThrottleTime.stamp(
            &response, apiKey: forwarded.apiKey, version: forwarded.request.apiVersion, milliseconds: told.milliseconds
        )
    }

    /// Counts the wait and pauses reading until it is over.
    private mutating func hold(for throttle: Throttle, into actions: inout [SessionAction]) {
        actions.append(.count(.throttled(throttle)))
        if let running = throttleEnds, running >= throttle.end { return }
        throttleEnds = throttle.end
        setPaused(.throttled, true, into: &actions)
        arm(.throttle, after: throttle.duration, into: &actions)
    }
}
