import NIOCore
import XCTest

@testable import Gateway

final class ResponseSequencerTests: XCTestCase {
    private func bytes(_ value: UInt8) -> ByteBuffer { ByteBuffer(bytes: [value]) }

    func testLocalAnswerWaitsBehindEarlierForwardedRequests() {
        var sequencer = ResponseSequencer()
        sequencer.expectUpstreamResponse()
        sequencer.expectUpstreamResponse()
        sequencer.enqueueLocal(bytes(3))
        XCTAssertTrue(sequencer.takeWritable().isEmpty)
        XCTAssertTrue(sequencer.fulfilUpstream(with: bytes(1)))
        XCTAssertEqual(sequencer.takeWritable(), [bytes(1)])
        XCTAssertTrue(sequencer.fulfilUpstream(with: bytes(2)))
        XCTAssertEqual(sequencer.takeWritable(), [bytes(2), bytes(3)])
        XCTAssertTrue(sequencer.isEmpty)
    }

    func testUpstreamResponseWithNothingAwaitingItIsReported() {
        var sequencer = ResponseSequencer()
        sequencer.enqueueLocal(bytes(1))
        XCTAssertFalse(sequencer.fulfilUpstream(with: bytes(2)))
        XCTAssertEqual(sequencer.takeWritable(), [bytes(1)])
        XCTAssertFalse(sequencer.fulfilUpstream(with: bytes(2)))
    }
}
