import KafkaProtocol
import NIOCore

/// Quotas, as Kafka enforces them (KIP-219): a response past its user's
/// quota goes out at once carrying `throttle_time_ms`, and the connection
/// reads nothing more until the wait is over, so a client that ignores the
/// field is held back all the same and nothing is dropped. The handler
/// measures the user's rates and says how long each response must wait;
/// a longer wait replaces a shorter one still running, never the reverse.
extension SessionStateMachine {
    /// Tells the client of `throttle` in `response` (to `request`) and pauses reading until it is over.
    mutating func apply(_ throttle: Throttle, to response: inout ByteBuffer, answering request: KafkaRequestFrame, into actions: inout [SessionAction]) {
        ResponseThrottleTime.stamp(&response, apiKey: request.apiKey, version: request.apiVersion, milliseconds: throttle.milliseconds)
        actions.append(.count(.throttled(throttle)))
        if let running = throttleEnds, running >= throttle.end { return }
        throttleEnds = throttle.end
        setPaused(.throttled, true, into: &actions)
        arm(.throttle, after: throttle.duration, into: &actions)
    }
}
