import Foundation
@testable import KafkaProtocol
import NIOCore
import XCTest

/// A count read from the wire reserves no more memory than the bytes left
/// could fill: each element takes a byte or more of input but may take fifty
/// in memory, so reserving the claim would multiply a frame's size.
final class ArrayReservationTests: XCTestCase {
    func testReservationStopsAtTheBytesLeft() {
        var names: [String] = []
        names.reserveKafkaCapacity(1_000_000, decodingFrom: ByteBuffer(repeating: 0, count: 1000))
        XCTAssertLessThan(names.capacity * MemoryLayout<String>.stride, 2 * 1000)
    }

    /// Fixed-width elements take no more memory than input: their arrays never regrow.
    func testCountTheBytesCanFillIsReservedWhole() {
        var ids: [Int32] = []
        ids.reserveKafkaCapacity(250, decodingFrom: ByteBuffer(repeating: 0, count: 1000))
        XCTAssertGreaterThanOrEqual(ids.capacity, 250)
    }

    /// An element claimed for every byte of 1 MiB, each 64 bytes in memory:
    /// reserving the claim would map 64 MiB before the first element is read.
    func testArrayClaimingAnElementPerByteHoldsAboutItsInputWhileDecoding() throws {
        #if os(Linux)
        struct Wide { var a, b, c, d: String }
        var input = ByteBuffer()
        input.writeInteger(Int32(1 << 20))
        input.writeRepeatingByte(0, count: 1 << 20)
        let before = try Self.mappedBytes()
        var heldDuringFirstElement = 0
        XCTAssertThrowsError(try input.readKafkaArray(compact: false, field: "Wide") { (_: inout ByteBuffer) throws(KafkaDecodingError) -> Wide in
            heldDuringFirstElement = (try? Self.mappedBytes() - before) ?? .max
            throw .truncated
        })
        XCTAssertLessThan(heldDuringFirstElement, 4 << 20)
        #else
        throw XCTSkip("measured in /proc/self/statm")
        #endif
    }

    /// A Metadata request whose topic count matches the bytes left, so it
    /// passes the count check, but whose topics take two bytes each.
    func testTopicCountOfOnePerByteFailsCleanly() throws {
        var frame = ByteBuffer()
        try RequestHeader(requestApiKey: 3, requestApiVersion: 0, correlationId: 1, clientId: nil)
            .encode(into: &frame, version: 1)
        frame.writeInteger(Int32(64 * 1024))
        frame.writeRepeatingByte(0, count: 64 * 1024)
        XCTAssertThrowsError(try KafkaRequestFrame(decoding: frame)) { error in
            XCTAssertEqual(error as? KafkaDecodingError, .truncated)
        }
    }

    /// The process's address space, in bytes: malloc maps a large block
    /// when it is reserved, before any of it is touched.
    private static func mappedBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .ascii)
        let pages = try XCTUnwrap(statm.split(separator: " ").first.flatMap { Int($0) })
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
