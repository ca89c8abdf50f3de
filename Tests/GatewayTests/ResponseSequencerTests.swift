import NIOCore
import XCTest

@testable import Gateway

final class ResponseSequencerTests: XCTestCase {
    private func bytes(_ value: UInt8) -> ByteBuffer { ByteBuffer(bytes: [value]) }

    func testLocalAnswerWaitsBehindEarlierForwardedRequests() {
        var sequencer = ResponseSequencer()
        sequencer.expectUpstreamResponse(answering: nil)
        sequencer.expectUpstreamResponse(answering: nil)
        sequencer.enqueueLocal(bytes(3), answering: nil)
        XCTAssertTrue(sequencer.takeWritable().isEmpty)
        XCTAssertTrue(sequencer.fulfilUpstream(with: bytes(1)))
        XCTAssertEqual(sequencer.takeWritable().map(\.bytes), [bytes(1)])
        XCTAssertTrue(sequencer.fulfilUpstream(with: bytes(2)))
        XCTAssertEqual(sequencer.takeWritable().map(\.bytes), [bytes(2), bytes(3)])
        XCTAssertTrue(sequencer.isEmpty)
    }

    func testUpstreamResponseWithNothingAwaitingItIsReported() {
        var sequencer = ResponseSequencer()
        sequencer.enqueueLocal(bytes(1), answering: nil)
        XCTAssertFalse(sequencer.fulfilUpstream(with: bytes(2)))
        XCTAssertEqual(sequencer.takeWritable().map(\.bytes), [bytes(1)])
        XCTAssertFalse(sequencer.fulfilUpstream(with: bytes(2)))
    }

    func testResponsePassingThroughHoldsBackWhatFollows() {
        var sequencer = ResponseSequencer()
        sequencer.enqueueLocal(bytes(0), answering: nil)
        sequencer.expectUpstreamResponse(answering: nil)
        XCTAssertFalse(sequencer.upstreamResponseIsNext, "a local answer is due first")
        XCTAssertEqual(sequencer.takeWritable().map(\.bytes), [bytes(0)])
        sequencer.expectUpstreamResponse(answering: nil)
        sequencer.enqueueLocal(bytes(3), answering: nil)
        XCTAssertTrue(sequencer.upstreamResponseIsNext)
        _ = sequencer.beginPassingThrough()
        XCTAssertFalse(sequencer.upstreamResponseIsNext)
        XCTAssertTrue(sequencer.fulfilUpstream(with: bytes(2)))
        XCTAssertTrue(sequencer.takeWritable().isEmpty)
        sequencer.finishPassingThrough()
        XCTAssertEqual(sequencer.takeWritable().map(\.bytes), [bytes(2), bytes(3)])
        XCTAssertTrue(sequencer.isEmpty)
    }
}
