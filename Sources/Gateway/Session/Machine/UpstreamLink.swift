import KafkaProtocol
import NIOCore

/// A client connection's upstream side, as the session machine sees it: the
/// connection is named by an id, the channel itself stays with the handler.
enum UpstreamLink {
    /// None yet, or the last one failed: the next forwarded request opens one.
    case notConnected
    /// Connecting; frames forwarded meanwhile wait here, in order.
    case connecting(UpstreamID, pending: [ByteBuffer])
    case connected(UpstreamID)
    /// Its SASL session is ending: requests wait here while those in flight
    /// are answered, then while it authenticates again (`exchangeStarted`).
    case renewing(UpstreamID, held: [HeldRequest], exchangeStarted: Bool)
    /// The client connection is closing.
    case closed

    var id: UpstreamID? {
        switch self {
        case .connecting(let id, _), .connected(let id), .renewing(let id, _, _): id
        case .notConnected, .closed: nil
        }
    }

    /// A request forwarded while the upstream re-authenticates; `request` is
    /// nil when no response is due (acks=0).
    struct HeldRequest {
        let frame: ByteBuffer
        var request: ForwardedRequest?
    }
}

/// One upstream connection of one client connection. Callbacks of a
/// connection given up on carry an old id and are ignored.
struct UpstreamID: Hashable, CustomStringConvertible {
    let value: Int
    var description: String { "upstream#\(value)" }
}
