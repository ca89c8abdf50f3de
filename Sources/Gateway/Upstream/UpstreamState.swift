import KafkaProtocol
import NIOCore

/// A client connection's upstream side.
enum UpstreamState {
    case notConnected
    /// Connecting; frames forwarded meanwhile wait here, in order.
    case connecting(pending: [ByteBuffer])
    case connected(any Channel)
    case closed
}

/// A forwarded request whose response has not come back yet.
struct InFlightRequest {
    let apiKey: KafkaApiKey
    let apiVersion: Int16
    let correlationId: Int32
}
