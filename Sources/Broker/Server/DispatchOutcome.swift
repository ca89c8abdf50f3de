import NIOCore

/// What the connection does after a request.
enum DispatchOutcome: Sendable {
    /// Write this response frame (length prefix included).
    case response(ByteBuffer)
    /// Nothing to send: acks=0 produce.
    case noResponse
    /// The request cannot be answered in a way the client would understand; close.
    case close(reason: String)
}
