import SecretHandling
import XCTest

final class ConstantTimeEqualsTests: XCTestCase {
    func testEqualBytesAreEqual() {
        XCTAssertTrue(constantTimeEquals([UInt8](), [UInt8]()))
        XCTAssertTrue(constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        let bytes = Array(0...255).map(UInt8.init)
        XCTAssertTrue(constantTimeEquals(bytes, bytes))
    }

    func testADifferenceAnywhereIsFound() {
        let bytes = [UInt8](repeating: 0x5A, count: 64)
        for index in bytes.indices {
            for flipped in [UInt8(0x01), 0x80, 0xFF] {
                var other = bytes
                other[index] ^= flipped
                XCTAssertFalse(constantTimeEquals(bytes, other), "byte \(index) xor \(flipped)")
            }
        }
    }

    func testDifferentLengthsAreUnequal() {
        XCTAssertFalse(constantTimeEquals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        XCTAssertFalse(constantTimeEquals([UInt8](), [0] as [UInt8]))
    }

    func testComparesAcrossCollectionTypes() {
        let bytes: [UInt8] = Array("nonce".utf8)
        XCTAssertTrue(constantTimeEquals("nonce".utf8, bytes))
        XCTAssertTrue(constantTimeEquals(bytes[1...], "once".utf8))
        XCTAssertFalse(constantTimeEquals("nonce".utf8, "nonse".utf8))
    }
}
