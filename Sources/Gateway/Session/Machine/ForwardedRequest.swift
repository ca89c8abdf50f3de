import KafkaProtocol

/// A request sent upstream and awaiting its response: the request as the
/// client sent it (whose version and correlation id the response must
/// carry, and which is answered for if the upstream fails), and the change
/// its authorization asked of the response.
struct ForwardedRequest {
    let request: KafkaRequestFrame
    let amendment: ResponseAmendment?

    var apiKey: KafkaApiKey { request.apiKey }
}
