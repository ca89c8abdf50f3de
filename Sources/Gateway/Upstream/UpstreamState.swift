import KafkaProtocol
import NIOCore

/// A client connection's upstream side.
enum UpstreamState {
    /// None yet, or the last one failed: the next forwarded request opens one.
    case notConnected
    /// Connecting; frames forwarded meanwhile wait here, in order.
    case connecting(pending: [ByteBuffer])
    case connected(any Channel)
    /// Its SASL session is ending: requests wait here while those in flight
    /// are answered, then while it authenticates again (`exchangeStarted`).
    case reauthenticating(any Channel, held: [HeldRequest], exchangeStarted: Bool)
    /// The client connection is closing.
    case closed

    /// A request forwarded while the upstream re-authenticates; `request` is
    /// nil when no response is due (acks=0).
    struct HeldRequest {
        let frame: ByteBuffer
        let request: KafkaRequestFrame?
    }
}
