import NIOCore
import XCTest

@testable import KafkaProtocol

final class CRC32CTests: XCTestCase {
    func testCheckValue() {
        XCTAssertEqual(checksum(Array("123456789".utf8)), 0xE306_9283)
    }

    func testRFC3720Vectors() {
        XCTAssertEqual(checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        XCTAssertEqual(checksum(Array(0...31)), 0x46DD_794E)
        XCTAssertEqual(checksum(Array((0...31).reversed())), 0x113F_DB5C)
    }

    func testEmptyInputIsZero() {
        XCTAssertEqual(checksum([]), 0)
    }

    func testUnalignedOddLengthsMatchBytewiseReference() {
        let data = pseudoRandomBytes(count: 1100)
        data.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 3, 7, 8, 9, 15, 16, 17, 63, 255, 1031, 1091 - start] {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    XCTAssertEqual(
                        CRC32C.checksum(bytes), bytewiseCRC32C(bytes),
                        "start \(start) length \(length)"
                    )
                }
            }
        }
    }

    func testTheTableDrivenPathMatchesTheReferenceToo() {
        #if arch(x86_64)
        XCTAssertTrue(CRC32C.hardwareAvailable, "every x86-64 CPU since 2008 has SSE4.2's CRC-32C instruction")
        #endif
        let data = pseudoRandomBytes(count: 1100)
        data.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 7, 8, 9, 17, 255, 1031, 1091 - start] {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    XCTAssertEqual(CRC32C.softwareUpdate(0, with: bytes), bytewiseCRC32C(bytes), "start \(start) length \(length)")
                    XCTAssertEqual(CRC32C.softwareUpdate(0x1234_5678, with: bytes), CRC32C.update(0x1234_5678, with: bytes))
                }
            }
        }
    }

    func testUpdateContinuesAcrossEverySplit() {
        let data = pseudoRandomBytes(count: 100)
        let whole = checksum(data)
        data.withUnsafeBytes { all in
            for split in 0...data.count {
                let first = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[..<split]))
                XCTAssertEqual(CRC32C.update(first, with: UnsafeRawBufferPointer(rebasing: all[split...])), whole)
            }
        }
    }

    func testByteBufferUsesReadableBytesOnly() {
        var buffer = ByteBuffer(bytes: [0xAA, 0xBB] + Array("123456789".utf8))
        buffer.moveReaderIndex(forwardBy: 2)
        XCTAssertEqual(CRC32C.checksum(buffer), 0xE306_9283)
        XCTAssertEqual(CRC32C.update(CRC32C.checksum(ByteBuffer(bytes: Array("1234".utf8))), with: ByteBuffer(bytes: Array("56789".utf8))), 0xE306_9283)
    }

    private func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { CRC32C.checksum($0) }
    }

    /// The textbook one-bit-at-a-time CRC-32C, independent of the tables.
    private func bytewiseCRC32C(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
        }
        return ~crc
    }
}

/// Deterministic bytes (SplitMix64), so failures reproduce.
func pseudoRandomBytes(count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt8(truncatingIfNeeded: z ^ (z >> 31))
    }
}
