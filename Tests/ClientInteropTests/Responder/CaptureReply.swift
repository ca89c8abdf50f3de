import KafkaProtocol

/// How the capture server answers one request.
enum CaptureReply: Sendable {
    /// A response in `version`, written after `delay`: a Fetch with nothing
    /// new waits, as a broker does up to the request's maxWaitMs.
    case respond(KafkaResponseBody, version: Int16, delay: Duration = .zero)
    /// No response: Produce with acks=0.
    case noResponse
    /// No answer this server knows how to give; the connection is closed.
    case unanswered
}
