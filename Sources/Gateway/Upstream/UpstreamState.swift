import NIOCore

/// A client connection's upstream side.
enum UpstreamState {
    /// None yet, or the last one failed: the next forwarded request opens one.
    case notConnected
    /// Connecting; frames forwarded meanwhile wait here, in order.
    case connecting(pending: [ByteBuffer])
    case connected(any Channel)
    /// The client connection is closing.
    case closed
}
