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

    func testFrameAnnouncing100MiBHoldsOnlyWhatHasArrived() throws {
        let size = 4 + (100 << 20)
        var accumulator = FrameAccumulator(maximumFrameLength: 100 << 20)
        var start = ByteBuffer()
        start.writeInteger(Int32(size - 4))
        start.writeBytes([UInt8](repeating: 1, count: 1020))
        accumulator.append(start)
        XCTAssertNil(try accumulator.nextFrame())
        XCTAssertLessThanOrEqual(accumulator.bufferedCapacity, 2 * 1024)
        XCTAssertEqual(accumulator.incompleteFrameSize, size)
        var arrived = 1024
        for _ in 0..<100 {
            accumulator.append(ByteBuffer(repeating: 2, count: 1000))
            arrived += 1000
            XCTAssertNil(try accumulator.nextFrame())
            XCTAssertLessThan(accumulator.bufferedCapacity, 2 * arrived)
            XCTAssertEqual(accumulator.incompleteFrameSize, size)
        }
    }

    func testFrameSpanningReadsGrowsWithItsBytesAndComesOutWhole() throws {
        var accumulator = FrameAccumulator(maximumFrameLength: 1 << 20)
        var wire = ByteBuffer()
        wire.writeInteger(Int32(300_000))
        wire.writeBytes((0..<300_000).map { UInt8(truncatingIfNeeded: $0) })
        let bytes = Array(wire.readableBytesView)
        var frames: [ByteBuffer] = []
        for chunk in stride(from: 0, to: bytes.count, by: 1000) {
            let end = min(chunk + 1000, bytes.count)
            accumulator.append(ByteBuffer(bytes: bytes[chunk..<end]))
            while let frame = try accumulator.nextFrame() { frames.append(frame) }
            XCTAssertLessThan(accumulator.bufferedCapacity, 2 * end)
            XCTAssertEqual(accumulator.incompleteFrameSize, end < bytes.count ? bytes.count : 0)
        }
        XCTAssertEqual(frames.map { Array($0.readableBytesView) }, [bytes])
    }

    /// Frames of 0, 1, 7 and 3,000 bytes, fed a byte at a time and all in one read.
    func testFramesAreCutAlikeByteByByteAndAllAtOnce() throws {
        let frames = [0, 1, 7, 3000].enumerated().map { frame(marker: UInt8($0.offset), length: $0.element) }
        let wire = frames.flatMap { $0 }

        var whole = FrameAccumulator(maximumFrameLength: 3000)
        whole.append(ByteBuffer(bytes: wire))
        var cutWhole: [[UInt8]] = []
        while let frame = try whole.nextFrame() { cutWhole.append(Array(frame.readableBytesView)) }
        XCTAssertEqual(cutWhole, frames)
        XCTAssertEqual(whole.incompleteFrameSize, 0)

        var byteByByte = FrameAccumulator(maximumFrameLength: 3000)
        var cutByByte: [[UInt8]] = []
        var frameStart = 0
        for (offset, byte) in wire.enumerated() {
            byteByByte.append(ByteBuffer(bytes: [byte]))
            while let frame = try byteByByte.nextFrame() {
                cutByByte.append(Array(frame.readableBytesView))
                frameStart += frame.readableBytes
            }
            // Known once the prefix is whole; 0 again once the frame is.
            let arrived = offset + 1 - frameStart
            let expected = arrived >= 4 ? frames[cutByByte.count].count : 0
            XCTAssertEqual(byteByByte.incompleteFrameSize, expected, "after byte \(offset)")
        }
        XCTAssertEqual(cutByByte, frames)
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

    func testFramesOfAnySizeComeOutWholeWhateverTheReadBoundaries() throws {
        var generator = SystemRandomNumberGenerator()
        var wire = ByteBuffer()
        var expected: [[UInt8]] = []
        for index in 0..<200 {
            let payload = (0..<Int.random(in: 0...5000, using: &generator)).map { UInt8(truncatingIfNeeded: $0 &+ index) }
            var frame = ByteBuffer()
            frame.writeInteger(Int32(payload.count))
            frame.writeBytes(payload)
            expected.append(Array(frame.readableBytesView))
            wire.writeBuffer(&frame)
        }
        var accumulator = FrameAccumulator(maximumFrameLength: 5000)
        var frames: [[UInt8]] = []
        while wire.readableBytes > 0 {
            accumulator.append(wire.readSlice(length: min(Int.random(in: 1...12_000, using: &generator), wire.readableBytes))!)
            while let frame = try accumulator.nextFrame() { frames.append(Array(frame.readableBytesView)) }
        }
        XCTAssertEqual(frames, expected)
    }

    private func frame(marker: UInt8, length: Int) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(length))
        buffer.writeBytes([UInt8](repeating: marker, count: length))
        return Array(buffer.readableBytesView)
    }

    /// Small frame, a large one that spans reads, and a small one sharing the large one's last read.
    private func pieces(
        passingThrough accept: Bool
    ) throws -> (pieces: [FrameAccumulator.Piece], frames: [[UInt8]], largestIncompleteFrameSize: Int) {
        let frames = [frame(marker: 1, length: 10), frame(marker: 2, length: 300_000), frame(marker: 3, length: 20)]
        let wire = frames.flatMap { $0 }
        var accumulator = FrameAccumulator(maximumFrameLength: 1 << 20)
        var pieces: [FrameAccumulator.Piece] = []
        var largestIncompleteFrameSize = 0
        for chunk in stride(from: 0, to: wire.count, by: 64 * 1024) {
            accumulator.append(ByteBuffer(bytes: wire[chunk..<min(chunk + 64 * 1024, wire.count)]))
            while let piece = try accumulator.nextPiece(passThrough: { accept && $0.getInteger(at: $0.readerIndex + 4, as: UInt8.self) == 2 }) {
                pieces.append(piece)
            }
            largestIncompleteFrameSize = max(largestIncompleteFrameSize, accumulator.incompleteFrameSize)
        }
        return (pieces, frames, largestIncompleteFrameSize)
    }

    func testFrameSpanningReadsPassesThroughInPartsWhenAccepted() throws {
        let (pieces, frames, largestIncompleteFrameSize) = try pieces(passingThrough: true)
        XCTAssertEqual(largestIncompleteFrameSize, 0, "a frame passing through is not held")
        guard case .frame(let first) = pieces.first, case .frame(let last) = pieces.last else { return XCTFail("\(pieces)") }
        XCTAssertEqual(Array(first.readableBytesView), frames[0])
        XCTAssertEqual(Array(last.readableBytesView), frames[2])
        var passed: [UInt8] = []
        var ends = 0
        for piece in pieces.dropFirst().dropLast() {
            switch piece {
            case .firstPart(let part):
                XCTAssertTrue(passed.isEmpty, "a first part after other parts")
                passed += Array(part.readableBytesView)
            case .part(let part, let isLast):
                XCTAssertFalse(passed.isEmpty, "a part before the first")
                passed += Array(part.readableBytesView)
                ends += isLast ? 1 : 0
            case .frame:
                XCTFail("the large frame was gathered")
            }
        }
        XCTAssertEqual(passed, frames[1])
        XCTAssertEqual(ends, 1)
        guard case .part(_, isLast: true) = pieces[pieces.count - 2] else { return XCTFail("the last part is not marked last") }
    }

    func testFrameRefusedPassThroughIsGatheredWhole() throws {
        let (pieces, frames, largestIncompleteFrameSize) = try pieces(passingThrough: false)
        XCTAssertEqual(largestIncompleteFrameSize, frames[1].count)
        let whole: [[UInt8]] = pieces.compactMap { if case .frame(let frame) = $0 { Array(frame.readableBytesView) } else { nil } }
        XCTAssertEqual(whole, frames)
        XCTAssertEqual(pieces.count, 3)
    }
}
