import KafkaProtocol

/// A request sent upstream and awaiting its response: the request as the
/// client sent it (whose version and correlation id the response must
/// carry, and which is answered for if the upstream fails), and the change
/// its authorization asked of the response. For a topic lookup the gateway
/// made itself, `lookup` is the client's request waiting for its answer.
struct ForwardedRequest {
    let request: KafkaRequestFrame
    let amendment: ResponseAmendment?
    var lookup: TopicLookup? = nil
    /// The version sent upstream, which the response comes in; the client's unless authorization chose another.
    var upstreamVersion: Int16? = nil
    /// The wait a Produce request's bytes called for when it was read, which its response tells.
    var throttle: Throttle? = nil

    var apiKey: KafkaApiKey { request.apiKey }
}
