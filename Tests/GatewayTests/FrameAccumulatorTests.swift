import KafkaProtocol
import NIOCore
import XCTest

@testable import Gateway

final class FrameAccumulatorTests: XCTestCase {
    func testFramesSplitAcrossReadsComeOutWholeWithTheirPrefix() throws {
        var accumulator = FrameAccumulator(maximumFrameLength: 64)
        var wire = ByteBuffer()
        for payload in [[UInt8](repeating: 1, count: 5), [UInt8](repeating: 2, count: 9)] {
            wire.writeInteger(Int32(payload.count))
            wire.writeBytes(payload)
        }
        let bytes = Array(wire.readableBytesView)
        var frames: [[UInt8]] = []
        for chunk in stride(from: 0, to: bytes.count, by: 3) {
            accumulator.append(ByteBuffer(bytes: bytes[chunk..<min(chunk + 3, bytes.count)]))
            while let frame = try accumulator.nextFrame() { frames.append(Array(frame.readableBytesView)) }
        }
        XCTAssertEqual(frames, [Array(bytes[0..<9]), Array(bytes[9...])])
        XCTAssertEqual(Array(ByteBuffer(bytes: frames[1]).kafkaFrameBody.readableBytesView), [UInt8](repeating: 2, count: 9))
    }

    func testAnnouncedLengthOverTheLimitIsRefusedBeforeItsBytesArrive() {
        var accumulator = FrameAccumulator(maximumFrameLength: 64 * 1024)
        var prefix = ByteBuffer()
        prefix.writeInteger(Int32(100 << 20))
        accumulator.append(prefix)
        XCTAssertThrowsError(try accumulator.nextFrame()) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .frameTooLarge(size: 100 << 20, limit: 64 * 1024))
        }
    }

    func testNegativeLengthIsRefused() {
        var accumulator = FrameAccumulator(maximumFrameLength: 64)
        var prefix = ByteBuffer()
        prefix.writeInteger(Int32(-1))
        accumulator.append(prefix)
        XCTAssertThrowsError(try accumulator.nextFrame())
    }

    func testLimitRaisedBetweenFramesAppliesToTheNextOne() throws {
        var accumulator = FrameAccumulator(maximumFrameLength: 4)
        var wire = ByteBuffer()
        wire.writeInteger(Int32(8))
        wire.writeBytes([UInt8](repeating: 7, count: 8))
        accumulator.append(wire)
        XCTAssertThrowsError(try accumulator.nextFrame())
        accumulator.maximumFrameLength = 8
        XCTAssertEqual(try accumulator.nextFrame()?.readableBytes, 12)
    }

    func testFrameSpanningReadsIsGatheredIntoOneBufferSizedForIt() throws {
        var accumulator = FrameAccumulator(maximumFrameLength: 1 << 20)
        var wire = ByteBuffer()
        wire.writeInteger(Int32(300_000))
        wire.writeBytes((0..<300_000).map { UInt8(truncatingIfNeeded: $0) })
        let bytes = Array(wire.readableBytesView)
        var frames: [ByteBuffer] = []
        for (index, chunk) in stride(from: 0, to: bytes.count, by: 1000).enumerated() {
            accumulator.append(ByteBuffer(bytes: bytes[chunk..<min(chunk + 1000, bytes.count)]))
            if index == 1 { XCTAssertGreaterThanOrEqual(accumulator.bufferedCapacity, bytes.count) }
            while let frame = try accumulator.nextFrame() { frames.append(frame) }
        }
        XCTAssertEqual(frames.map { Array($0.readableBytesView) }, [bytes])
    }

    func testNothingIsReservedForALengthOverTheLimit() {
        var accumulator = FrameAccumulator(maximumFrameLength: 64 * 1024)
        var prefix = ByteBuffer()
        prefix.writeInteger(Int32(100 << 20))
        prefix.writeBytes([UInt8](repeating: 0, count: 10))
        accumulator.append(prefix)
        accumulator.append(ByteBuffer(bytes: [UInt8](repeating: 0, count: 10)))
        XCTAssertLessThan(accumulator.bufferedCapacity, 64 * 1024)
        XCTAssertThrowsError(try accumulator.nextFrame())
    }
}
