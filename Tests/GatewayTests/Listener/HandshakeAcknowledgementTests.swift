@testable import Gateway
import NIOCore
import NIOEmbedded
import NIOTLS
import XCTest

/// The handler that acknowledges the client's Finished at once passes every
/// event on and leaves the pipeline when the handshake completes.
final class HandshakeAcknowledgementTests: XCTestCase {
    func testLeavesThePipelineOnceTheHandshakeCompletes() throws {
        let events = EventRecorder()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers(HandshakeAcknowledgement(), events)

        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        XCTAssertNoThrow(try channel.pipeline.syncOperations.handler(type: HandshakeAcknowledgement.self))

        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        XCTAssertThrowsError(try channel.pipeline.syncOperations.handler(type: HandshakeAcknowledgement.self))
        XCTAssertEqual(events.seen, ["inputClosed", "handshakeCompleted(negotiatedProtocol: nil)"])
        _ = try channel.finish()
    }
}

private final class EventRecorder: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    var seen: [String] = []

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        seen.append("\(event)")
    }
}
