import KafkaProtocol
import NIOCore

/// One client connection: each frame is captured, then answered in order.
struct CaptureConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let responder: CaptureResponder

    /// Serves until the client closes, the responder has no answer, or the
    /// server stops. Errors end the connection, never the server.
    func serve() async {
        try? await channel.executeThenClose { frames, outbound in
            for try await frame in frames {
                let (captured, request) = CapturedRequest.capture(frame, connection: responder.connection)
                responder.log.append(captured)
                switch responder.reply(to: captured, request: request) {
                case .respond(let body, let version, let delay):
                    if delay > .zero { try await Task.sleep(for: delay) }
                    let response = KafkaResponseFrame(
                        header: ResponseHeader(correlationId: captured.correlationId),
                        body: body,
                        apiVersion: version
                    )
                    var bytes = ByteBuffer()
                    try response.encode(into: &bytes)
                    try await outbound.write(bytes)
                case .noResponse:
                    continue
                case .unanswered:
                    responder.log.noteUnanswered(captured)
                    return
                }
            }
        }
    }
}
