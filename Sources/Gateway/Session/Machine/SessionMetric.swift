import Authorization
import KafkaProtocol
import NIOCore

/// What the metrics count that no other action says; the handler counts it
/// (`ClientConnectionHandler+Metrics`), so the machine knows nothing of metrics.
enum SessionMetric {
    /// Every authorization decision made for a request (the decision log gets only those worth recording).
    case decided(KafkaApiKey, [AccessDecision])
    /// The part of a Produce request that goes upstream.
    case produced(ProduceRequest)
    /// The bytes written next, up to the end of the frame they begin, are
    /// the response to this request (written whole, or in parts as it passes through).
    case responding(AnsweredRequest)
    /// The connection is refused before it is served (a `ConnectionRefusal` reason).
    case refused(reason: String)
    /// An upstream connection failed while in use.
    case upstreamFailed(UpstreamFailure)
    /// A response told its client to wait.
    case throttled(Throttle)
}

/// A request being answered, as the metrics need it.
struct AnsweredRequest {
    let apiKey: KafkaApiKey
    let apiVersion: Int16
    /// When its frame was whole at the gateway.
    let receivedAt: NIODeadline
}

/// Why an upstream connection failed: the `kind` label of `portcullis_upstream_errors_total`.
enum UpstreamFailure: String {
    /// No broker known, or the TCP connection refused or unreachable.
    case connectFailed = "connect-failed"
    /// The TCP connection took longer than the connect timeout.
    case timeout
    /// The TLS handshake with the upstream failed.
    case tlsFailed = "tls-failed"
    /// The upstream refused the gateway's SASL authentication, first or renewed.
    case saslFailed = "sasl-failed"
    /// The upstream closed the connection, or it broke, while in use.
    case disconnected
    /// A frame or response the gateway cannot read, or one that answers nothing.
    case protocolViolation = "protocol"
}
